/**
 * The notifications flow's vocabulary: the channels a message goes out on, the categories a
 * client chooses channels for, the kinds of notification, and the parameter values an event
 * hands to a template before they are formatted in the client's language.
 */

export type Channel = 'email' | 'sms' | 'push';
export const CHANNELS: readonly Channel[] = ['email', 'sms', 'push'];

/**
 * What a client chooses channels for. Security notifications (card status, large debits)
 * go out on every channel the client can be reached on and cannot be switched off.
 */
export type Category = 'security' | 'transactions' | 'payments' | 'products' | 'marketing';
export const CATEGORIES: readonly Category[] = ['security', 'transactions', 'payments', 'products', 'marketing'];

export type NotificationKind =
  | 'card-purchase'
  | 'incoming-transfer'
  | 'large-debit'
  | 'card-blocked'
  | 'card-lost'
  | 'card-stolen'
  | 'card-issued'
  | 'card-active'
  | 'application-documents-required'
  | 'application-approved'
  | 'application-completed'
  | 'application-rejected'
  | 'payment-completed'
  | 'payment-rejected'
  | 'payment-failed'
  | 'loan-overdue'
  | 'loan-repaid'
  | 'deposit-matured';

/** Languages that have templates; any other language falls back to the first. */
export type Language = 'en' | 'ru';
export const LANGUAGES: readonly Language[] = ['en', 'ru'];
export const FALLBACK_LANGUAGE: Language = 'en';

/** Words a template may need where an event has no text of its own. */
export type PhraseKey = 'unknownMerchant' | 'unknownSender' | 'unknownCounterparty' | 'noReason';

/** A cmn:ProductType value. */
export type ProductType = 'CURRENT_ACCOUNT' | 'SAVINGS_ACCOUNT' | 'DEBIT_CARD' | 'CREDIT_CARD' | 'LOAN' | 'DEPOSIT' | 'OTHER';
export const PRODUCT_TYPES: readonly ProductType[] = ['CURRENT_ACCOUNT', 'SAVINGS_ACCOUNT', 'DEBIT_CARD', 'CREDIT_CARD', 'LOAN', 'DEPOSIT', 'OTHER'];

/** A value for a placeholder, formatted per language when the message is rendered. */
export type Param =
  /** Money as on the wire: a decimal string and its ISO 4217 currency. */
  | { readonly type: 'money'; readonly amount: string; readonly currency: string }
  /** An xs:date, YYYY-MM-DD. */
  | { readonly type: 'date'; readonly value: string }
  /** An instant (ISO 8601 with offset), shown in the bank's time zone. */
  | { readonly type: 'instant'; readonly value: string }
  /** Text from the event (a merchant, a reason); the phrase stands in when it is absent. */
  | { readonly type: 'text'; readonly value: string | undefined; readonly fallback: PhraseKey }
  /** A masked card number, shown by its last four digits. */
  | { readonly type: 'card'; readonly maskedPan: string }
  | { readonly type: 'product'; readonly value: ProductType };

/** What an event asks to tell a client, before language and channels are chosen. */
export interface NotificationIntent {
  readonly kind: NotificationKind;
  readonly clientId: string;
  readonly params: Readonly<Record<string, Param>>;
}

/** A rendered message, per channel. */
export interface EmailContent {
  readonly subject: string;
  readonly text: string;
}
export interface SmsContent {
  readonly text: string;
}
export interface PushContent {
  readonly title: string;
  readonly body: string;
}
export interface ContentByChannel {
  readonly email: EmailContent;
  readonly sms: SmsContent;
  readonly push: PushContent;
}
export type Content = ContentByChannel[Channel];
