/**
 * How a mock back office reports its state changes. Each change names its aggregate and
 * carries exactly one CacheControl payload (the ChangeEvent choice of
 * wsdl/cache-control/v1/CacheControl.xsd: balanceChanged, transactionPosted,
 * cardStatusChanged, clientDataChanged, applicationStatusChanged, loanScheduleChanged,
 * depositChanged), shaped as plain values for the codec. The push module adds eventId,
 * sourceSystem, the per-aggregate sequence, occurredAt and schemaVersion, and delivers.
 */
import type { EncodableObject } from '../../common/soap/codec.js';

export type AggregateType = 'ACCOUNT' | 'CARD' | 'CLIENT' | 'APPLICATION' | 'LOAN' | 'DEPOSIT';

export type ChangePayload =
  | { readonly balanceChanged: EncodableObject }
  | { readonly transactionPosted: EncodableObject }
  | { readonly cardStatusChanged: EncodableObject }
  | { readonly clientDataChanged: EncodableObject }
  | { readonly applicationStatusChanged: EncodableObject }
  | { readonly loanScheduleChanged: EncodableObject }
  | { readonly depositChanged: EncodableObject };

export interface ChangeNotice {
  readonly aggregateType: AggregateType;
  readonly aggregateId: string;
  readonly payload: ChangePayload;
  /** When the change happened in the back office. */
  readonly occurredAt: Date;
}

export interface EventSink {
  publish(notice: ChangeNotice): void;
}

/** A sink that drops everything, for mocks run without a hub. */
export const nullSink: EventSink = { publish: () => undefined };

/** A sink that keeps what it is given, for tests. */
export class RecordingSink implements EventSink {
  readonly notices: ChangeNotice[] = [];
  publish(notice: ChangeNotice): void {
    this.notices.push(notice);
  }
}
