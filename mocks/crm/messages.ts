/**
 * Secure messages between the client and the bank, and the bank's document store that
 * attachments refer to. A thread is named by its first message; read flags are the
 * recipient's (the client's for BANK_TO_CLIENT, the bank's read receipt for CLIENT_TO_BANK).
 * Messages are not part of CacheControl: nothing here is pushed.
 */
import { ContractFault, type Clock } from '../server/types.js';
import type { IdempotencyStore } from '../shared/idempotency.js';
import type { Page, PageRequest } from '../shared/paging.js';
import type { ClientRegistry } from './clients.js';
import type { AttachmentRef, MalwareScanResult, MessageDirection, SecureMessageRecord, StoredDocument } from './model.js';
import { paginate } from './paging.js';

export interface SendSecureMessageCommand {
  readonly idempotencyKey: string;
  readonly clientId: string;
  readonly subject: string;
  readonly body: string;
  readonly replyToMessageId?: string;
  readonly attachments: readonly AttachmentRef[];
}

export interface MessageSent {
  readonly messageId: string;
  readonly threadId: string;
  readonly sentAt: Date;
}

export interface MessageFilter {
  readonly threadId?: string;
  readonly direction?: MessageDirection;
  readonly unreadOnly: boolean;
}

export interface MessageList {
  readonly page: Page<SecureMessageRecord>;
  /** Unread BANK_TO_CLIENT messages of the client in total, whatever the filter. */
  readonly unreadCount: number;
}

export interface NewDocument {
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  /** Outcome of the malware scan; CLEAN when not given. */
  readonly scan?: MalwareScanResult;
}

export interface BankMessage {
  readonly subject: string;
  readonly body: string;
  readonly senderName?: string;
  /** A message of the client that this one answers; the reply joins its thread. */
  readonly replyToMessageId?: string;
  /** Files the bank places in the document store and attaches. */
  readonly attachments?: readonly NewDocument[];
}

const DEFAULT_BANK_SENDER = 'Your bank';

export class Mailbox {
  private readonly messages = new Map<string, SecureMessageRecord>();
  private readonly documents = new Map<string, StoredDocument>();
  private messagesIssued = 0;
  private documentsIssued = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ledger: IdempotencyStore,
    private readonly clients: ClientRegistry,
  ) {}

  /** Newest first (sentAt, then messageId); a threadId that is not one of the client's is MESSAGE_NOT_FOUND. */
  list(clientId: string, filter: MessageFilter, page: PageRequest): MessageList {
    this.clients.get(clientId);
    const own = this.messagesOf(clientId);
    if (filter.threadId !== undefined && !own.some((message) => message.threadId === filter.threadId)) {
      throw new ContractFault('MESSAGE_NOT_FOUND', `the client has no thread ${filter.threadId}`, { field: 'threadId' });
    }
    const matching = own.filter(
      (message) =>
        (filter.threadId === undefined || message.threadId === filter.threadId) &&
        (filter.direction === undefined || message.direction === filter.direction) &&
        (!filter.unreadOnly || message.readAt === undefined),
    );
    return {
      page: paginate(matching, { list: 'messages', keyOf: (message) => [message.sentAt.toISOString(), message.messageId], direction: 'descending' }, page),
      unreadCount: own.filter((message) => message.direction === 'BANK_TO_CLIENT' && message.readAt === undefined).length,
    };
  }

  /** One message of the client; reading it does not mark it read. */
  get(clientId: string, messageId: string, field = 'messageId'): SecureMessageRecord {
    this.clients.get(clientId);
    const message = this.messages.get(messageId);
    if (!message || message.clientId !== clientId) throw new ContractFault('MESSAGE_NOT_FOUND', `the client has no message ${messageId}`, { field });
    return message;
  }

  send(command: SendSecureMessageCommand): MessageSent {
    const client = this.clients.get(command.clientId);
    const { idempotencyKey, clientId, ...content } = command;
    return this.ledger.run({ operation: 'SendSecureMessage', owner: clientId, idempotencyKey, content }, () => {
      if (client.status === 'CLOSED') throw new ContractFault('INVALID_STATE', 'the client relationship is closed; no message can be sent');
      const repliedTo = content.replyToMessageId === undefined ? undefined : this.get(clientId, content.replyToMessageId, 'replyToMessageId');
      content.attachments.forEach((attachment, index) => this.checkAttachment(clientId, attachment, `attachment[${index + 1}]`));
      const message = this.store({
        clientId,
        direction: 'CLIENT_TO_BANK',
        subject: content.subject,
        body: content.body,
        ...(repliedTo ? { threadId: repliedTo.threadId, replyToMessageId: repliedTo.messageId } : {}),
        attachments: content.attachments.map((attachment) => ({ ...attachment })),
      });
      return { messageId: message.messageId, threadId: message.threadId, sentAt: message.sentAt };
    });
  }

  /** Marks a BANK_TO_CLIENT message read once; a repeat returns the first readAt. */
  markRead(clientId: string, messageId: string): Date {
    const message = this.get(clientId, messageId);
    if (message.direction !== 'BANK_TO_CLIENT') {
      throw new ContractFault('INVALID_STATE', "the client cannot mark its own message read; that flag is the bank's read receipt", { field: 'messageId' });
    }
    if (message.readAt) return message.readAt;
    const readAt = this.clock.now();
    this.messages.set(messageId, { ...message, readAt });
    return readAt;
  }

  // ---- the bank's own actions (QA fixtures) ----

  /** A file the client uploaded (or the bank placed) in the document store; returns its attachmentId. */
  registerDocument(clientId: string, document: NewDocument): StoredDocument {
    this.clients.get(clientId);
    this.documentsIssued += 1;
    const stored: StoredDocument = {
      attachmentId: `DOC${String(this.documentsIssued).padStart(8, '0')}`,
      clientId,
      name: document.name,
      mediaType: document.mediaType,
      size: document.size,
      scan: document.scan ?? 'CLEAN',
    };
    this.documents.set(stored.attachmentId, stored);
    return stored;
  }

  /** A message from the bank to the client. Answering a client message marks that thread's client messages read by the bank. */
  sendFromBank(clientId: string, message: BankMessage): SecureMessageRecord {
    this.clients.get(clientId);
    const repliedTo = message.replyToMessageId === undefined ? undefined : this.get(clientId, message.replyToMessageId, 'replyToMessageId');
    const attachments = (message.attachments ?? []).map((document) => attachmentRefOf(this.registerDocument(clientId, document)));
    if (repliedTo) {
      // The adviser read the conversation before answering it.
      const readAt = this.clock.now();
      for (const earlier of this.messagesOf(clientId)) {
        if (earlier.threadId === repliedTo.threadId && earlier.direction === 'CLIENT_TO_BANK' && !earlier.readAt) this.messages.set(earlier.messageId, { ...earlier, readAt });
      }
    }
    return this.store({
      clientId,
      direction: 'BANK_TO_CLIENT',
      senderName: message.senderName ?? DEFAULT_BANK_SENDER,
      subject: message.subject,
      body: message.body,
      ...(repliedTo ? { threadId: repliedTo.threadId, replyToMessageId: repliedTo.messageId } : {}),
      attachments,
    });
  }

  private store(message: Omit<SecureMessageRecord, 'messageId' | 'threadId' | 'sentAt'> & { readonly threadId?: string }): SecureMessageRecord {
    this.messagesIssued += 1;
    const messageId = `MSG${String(this.messagesIssued).padStart(8, '0')}`;
    // A message that starts a thread names it.
    const stored: SecureMessageRecord = { ...message, messageId, threadId: message.threadId ?? messageId, sentAt: this.clock.now() };
    this.messages.set(messageId, stored);
    return stored;
  }

  /** The reference must name a clean file of this client whose name, media type and size match: else INVALID_STATE naming it. */
  private checkAttachment(clientId: string, attachment: AttachmentRef, field: string): void {
    const stored = this.documents.get(attachment.attachmentId);
    if (!stored || stored.clientId !== clientId) {
      throw new ContractFault('INVALID_STATE', `attachment ${attachment.attachmentId} is not a file of the client in the document store`, { field });
    }
    if (stored.name !== attachment.name || stored.mediaType !== attachment.mediaType || stored.size !== attachment.size) {
      throw new ContractFault('INVALID_STATE', `attachment ${attachment.attachmentId} does not match the stored file (name, media type or size)`, { field });
    }
    if (stored.scan !== 'CLEAN') {
      throw new ContractFault('INVALID_STATE', `attachment ${attachment.attachmentId} has not passed the malware scan (${stored.scan})`, { field });
    }
  }

  private messagesOf(clientId: string): SecureMessageRecord[] {
    return [...this.messages.values()].filter((message) => message.clientId === clientId);
  }
}

function attachmentRefOf(document: StoredDocument): AttachmentRef {
  return { attachmentId: document.attachmentId, name: document.name, mediaType: document.mediaType, size: document.size };
}
