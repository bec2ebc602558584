import { expect } from 'chai';
import { FlowError, type FlowMessage } from '../../../hub/bus/flow.js';
import { HubError } from '../../../hub/errors/catalog.js';
import { createNotifications, createNotificationSender, createPushChannel, messageIdOf, type DeliveryRecord, type Notifications } from '../../../flows/notifications/index.js';
import { claim, claimAll, dueDeliveries } from '../../../flows/notifications/deliveries.js';
import { startNotifyMocks, type RunningNotifyMocks } from '../../../mocks/notify/index.js';
import { balanceChanged, forEachDatabase } from '../../store/support.js';
import { applicationStatus, cardStatus, client, entry, handle, publish, startSmtpSink, TestClock, type SmtpSink } from './support.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const FROM = '"DBP Bank" <notifications@bank.example>';

forEachDatabase('notifications flow', (db) => {
  let smtp: SmtpSink;
  let mocks: RunningNotifyMocks;
  let clock: TestClock;
  let notifications: Notifications;

  beforeEach(async () => {
    smtp = await startSmtpSink();
    mocks = await startNotifyMocks();
    clock = new TestClock(NOW);
    notifications = createNotifications({
      store: db().store,
      smtp: { url: smtp.url, from: FROM },
      sms: { url: mocks.smsUrl },
      push: { url: mocks.pushUrl },
      now: clock.now,
      timeZone: 'Europe/Moscow',
      maxAttempts: 4,
      backoff: { initialMs: 1000, maxMs: 60_000 },
    });
    await publish(db().store, 'CRM', [
      client('EN1', 'en-GB', { email: 'anna@example.com', phone: '+4915112345678' }),
      client('RU1', 'ru', { email: 'ivan@example.ru', phone: '+79161234567' }),
      client('NP1', 'en', { email: 'no-phone@example.com' }),
    ], NOW);
  });

  afterEach(async () => {
    await notifications.sender.stop();
    await mocks.stop();
    await smtp.stop();
  });

  const run = async (messages: readonly FlowMessage[]): Promise<void> => {
    for (const message of messages) await handle(db().store, notifications.flow, message);
  };
  const byChannel = (rows: readonly DeliveryRecord[]) => Object.fromEntries(rows.map((row) => [row.channel, row]));

  it('tells an English client of a blocked card on every channel, in English', async () => {
    const [message] = await publish(db().store, 'CARDS', [cardStatus('EN1', 'CARD-1', 'BLOCKED')], NOW);
    await run([message!]);
    const report = await notifications.sender.deliverDue();
    expect(report).to.deep.equal({ sent: 3, retrying: 0, failed: 0, claimed: 3 });

    const [mail, ...moreMail] = smtp.mails();
    expect(moreMail).to.have.length(0);
    expect(mail!.to).to.deep.equal(['anna@example.com']);
    expect(mail!.from).to.equal('notifications@bank.example');
    expect(mail!.subject).to.equal('Your card *4321 is blocked');
    expect(mail!.text).to.include('Your card *4321 has been blocked.').and.include('please do not reply');
    expect(mail!.messageId).to.equal(messageIdOf(`${message!.messageId}:email`, 'bank.example'));
    expect(mail!.headers.get('auto-submitted')).to.equal('auto-generated');

    const [sms] = mocks.sms.received();
    expect(mocks.sms.received()).to.have.length(1);
    expect(sms!.body).to.deep.include({ to: '+4915112345678', text: 'Card *4321 blocked. Not you? Call the bank.' });
    expect(sms!.idempotencyKey).to.equal(`${message!.messageId}:sms`);
    const [push] = mocks.push.received();
    expect(mocks.push.received()).to.have.length(1);
    expect(push!.body).to.deep.include({ to: 'EN1', title: 'Card blocked', body: 'Your card *4321 is blocked.' });

    const rows = byChannel(await notifications.deliveries('EN1'));
    for (const channel of ['email', 'sms', 'push']) {
      expect(rows[channel], channel).to.deep.include({ status: 'sent', attempts: 1, kind: 'card-blocked', category: 'security', language: 'en-GB' });
      expect(rows[channel]!.sentAt?.toISOString()).to.equal(NOW.toISOString());
    }
    expect(rows.sms!.providerReference).to.equal(sms!.id);
  });

  it('tells a Russian client in Russian, money and dates formatted in Russian', async () => {
    const messages = await publish(db().store, 'CORE_BANKING', [entry('RU1', 'ACC-RU', { kind: 'TRANSFER', direction: 'DBIT', amount: '150000.00', currency: 'RUB', counterparty: 'ООО Ромашка' })], NOW);
    messages.push(...(await publish(db().store, 'CARDS', [entry('RU1', 'ACC-RU2', { amount: '12.5', counterparty: 'Кофейня' })], NOW)));
    await run(messages);
    await notifications.sender.deliverDue();

    // The large debit is a security alert: every channel.
    const [mail] = smtp.mails();
    expect(smtp.mails()).to.have.length(1);
    expect(mail!.to).to.deep.equal(['ivan@example.ru']);
    expect(mail!.subject).to.equal('Крупное списание 150\u00a0000,00\u00a0₽ с вашего счёта');
    expect(mail!.text).to.include('24 ноября 2026').and.include('Получатель: ООО Ромашка').and.include('отвечать на него не нужно');
    const [sms, ...moreSms] = mocks.sms.received();
    expect(moreSms).to.have.length(0);
    expect(sms!.body.to).to.equal('+79161234567');
    expect(sms!.body.text).to.match(/^Списание 150\u00a0000,00\u00a0₽ 24 ноября 2026\s?г\., получатель: ООО Ромашка\. Не вы\? Звоните в банк\.$/);
    // The card purchase goes to push only, the default of the transactions category.
    const pushes = mocks.push.received().map((push) => push.body);
    expect(pushes).to.have.length(2);
    expect(pushes).to.deep.include({ to: 'RU1', title: 'Покупка по карте', body: '12,50\u00a0€, Кофейня', reference: `${messages[1]!.messageId}:push` });
    expect(pushes.map((push) => push.title)).to.include('Крупное списание');
    expect(mocks.push.received()[0]!.headers['content-language']).to.equal('ru');
  });

  it('tells payment statuses in the client language, with the reason', async () => {
    const message: FlowMessage = {
      messageId: 'payment-77-rejected',
      routingKey: 'payment.rejected',
      attempt: 1,
      body: { paymentId: 'P-77', clientId: 'RU1', accountId: 'ACC-RU', amount: { value: '2500.00', currency: 'EUR' }, status: 'REJECTED', reason: 'недостаточно средств', occurredAt: '2026-11-24T09:45:00Z' },
    };
    await run([message]);
    await notifications.sender.deliverDue();
    // payments: push and e-mail by default.
    expect(mocks.sms.received()).to.have.length(0);
    expect(mocks.push.received().map((push) => push.body.body)).to.deep.equal(['2\u00a0500,00\u00a0€: недостаточно средств']);
    expect(smtp.mails()[0]!.subject).to.equal('Платёж на 2\u00a0500,00\u00a0€ отклонён');
    // The instant in the bank's time zone (Moscow, UTC+3).
    expect(smtp.mails()[0]!.text).to.include('12:45').and.include('Причина: недостаточно средств');
  });

  it('tells nothing for balance changes, pending entries, small outgoing transfers and quiet statuses', async () => {
    const messages = [
      ...(await publish(db().store, 'CORE_BANKING', [balanceChanged('ACC-1', 1, { BOOKED: '10.00' }), entry('EN1', 'ACC-2', { kind: 'TRANSFER', direction: 'DBIT', amount: '50.00' })], NOW)),
      ...(await publish(db().store, 'CARDS', [entry('EN1', 'ACC-3', { status: 'PENDING' }), cardStatus('EN1', 'CARD-9', 'ORDERED')], NOW)),
      ...(await publish(db().store, 'CRM', [applicationStatus('EN1', 'APP-1', 'IN_REVIEW')], NOW)),
      // Older than a day: a replay is not told again.
      ...(await publish(db().store, 'CARDS', [cardStatus('EN1', 'CARD-8', 'BLOCKED', { occurredAt: '2026-11-20T09:00:00Z' })], NOW)),
    ];
    expect(messages).to.have.length(6);
    await run(messages);
    expect(await notifications.deliveries('EN1')).to.deep.equal([]);
    expect(await notifications.sender.deliverDue()).to.deep.equal({ sent: 0, retrying: 0, failed: 0, claimed: 0 });
  });

  it('honours preferences: chosen channels per category, available addresses, security always on', async () => {
    const defaults = await notifications.preferences('EN1');
    expect(defaults.categories.transactions).to.deep.equal({ channels: ['push'], source: 'default' });
    expect(defaults.categories.security).to.deep.equal({ channels: ['email', 'sms', 'push'], source: 'mandatory' });
    expect(defaults.categories.marketing.channels).to.deep.equal([]);

    const changed = await notifications.setPreferences('EN1', { transactions: ['sms', 'email'], products: [] });
    expect(changed.categories.transactions).to.deep.include({ channels: ['email', 'sms'], source: 'client' });
    expect(changed.categories.products.channels).to.deep.equal([]);

    for (const [change, field] of [
      [{ security: ['push'] }, 'security'],
      [{ transactions: ['fax'] }, 'transactions'],
      [{ transactions: ['push'], gossip: ['push'] }, 'gossip'],
      [{ transactions: ['push', 'push'] }, 'transactions'],
    ] as const) {
      const error = await notifications.setPreferences('EN1', change as never).catch((failure: unknown) => failure);
      expect(error, JSON.stringify(change)).to.be.instanceOf(HubError).and.include({ code: 'INVALID_REQUEST' });
      expect((error as HubError).options.field).to.equal(field);
    }
    // Nothing of the refused changes was written.
    expect((await notifications.preferences('EN1')).categories.transactions.channels).to.deep.equal(['email', 'sms']);

    const messages = await publish(db().store, 'CORE_BANKING', [entry('EN1', 'ACC-1', { kind: 'TRANSFER', direction: 'CRDT', amount: '300.00', counterparty: 'Anna Smith' })], NOW);
    messages.push(...(await publish(db().store, 'CRM', [applicationStatus('EN1', 'APP-2', 'APPROVED')], NOW)));
    messages.push(...(await publish(db().store, 'CARDS', [cardStatus('NP1', 'CARD-2', 'LOST')], NOW)));
    await run(messages);
    await notifications.sender.deliverDue();

    expect(smtp.mails().map((mail) => [mail.to[0], mail.subject])).to.have.deep.members([
      ['anna@example.com', 'You received €300.00'],
      // Security for a client without a phone: e-mail and push, no SMS.
      ['no-phone@example.com', 'Card *4321 reported lost'],
    ]);
    expect(mocks.sms.received().map((sms) => sms.body)).to.deep.equal([{ to: '+4915112345678', text: 'Received €300.00. Sender: Anna Smith', reference: `${messages[0]!.messageId}:sms` }]);
    // products switched off: the approval is not told; push only for NP1's card.
    expect(mocks.push.received().map((push) => push.body.to)).to.deep.equal(['NP1']);
  });

  it('delivers exactly once when providers fail twice and then succeed', async () => {
    smtp.refuseNext(2, 451, 'Try again later');
    mocks.push.failNext(2);
    // The SMS provider takes the message but its answer is lost: the repeat is recognised by its key.
    mocks.sms.failNext(1, { afterAccept: true });
    await run(await publish(db().store, 'CARDS', [cardStatus('EN1', 'CARD-3', 'STOLEN')], NOW));

    expect(await notifications.sender.deliverDue()).to.deep.equal({ sent: 0, retrying: 3, failed: 0, claimed: 3 });
    const waiting = byChannel(await notifications.deliveries('EN1'));
    expect(waiting.email).to.deep.include({ status: 'pending', attempts: 1 });
    expect(waiting.email!.lastError).to.match(/PROVIDER_BUSY: .*451/);
    expect(waiting.push!.lastError).to.match(/PROVIDER_BUSY: push provider answered 503/);
    // Not due before its backoff.
    expect((await notifications.sender.deliverDue()).claimed).to.equal(0);

    clock.advance(2_000);
    expect(await notifications.sender.deliverDue()).to.deep.equal({ sent: 1, retrying: 2, failed: 0, claimed: 3 });
    clock.advance(5_000);
    expect(await notifications.sender.deliverDue()).to.deep.equal({ sent: 2, retrying: 0, failed: 0, claimed: 2 });
    clock.advance(3_600_000);
    expect((await notifications.sender.deliverDue()).claimed).to.equal(0);

    expect(smtp.attempts()).to.equal(3);
    expect(smtp.mails()).to.have.length(1);
    expect(mocks.push.requestCount()).to.equal(3);
    expect(mocks.push.received()).to.have.length(1);
    expect(mocks.sms.requestCount()).to.equal(2);
    expect(mocks.sms.received()).to.have.length(1);
    const rows = byChannel(await notifications.deliveries('EN1'));
    expect([rows.email!.status, rows.email!.attempts, rows.email!.lastError]).to.deep.equal(['sent', 3, undefined]);
    expect([rows.sms!.status, rows.sms!.attempts]).to.deep.equal(['sent', 2]);
    expect([rows.push!.status, rows.push!.attempts]).to.deep.equal(['sent', 3]);
    expect(await notifications.counts()).to.deep.equal({ pending: 0, sending: 0, sent: 3, failed: 0 });
  });

  it('sends once when the same message is handled twice', async () => {
    const [message] = await publish(db().store, 'CARDS', [cardStatus('EN1', 'CARD-4', 'ISSUED')], NOW);
    await run([message!, message!]);
    await notifications.sender.deliverDue();
    await run([{ ...message!, attempt: 2 }]);
    await notifications.sender.deliverDue();
    expect(smtp.mails()).to.have.length(1);
    expect(mocks.sms.received()).to.have.length(1);
    expect(mocks.push.received()).to.have.length(1);
    expect(mocks.push.requestCount()).to.equal(1);
    expect(await notifications.deliveries('EN1')).to.have.length(3);
  });

  it('ends a delivery as failed with the reason on a permanent provider error', async () => {
    smtp.refuseNext(1, 550, 'Mailbox unavailable');
    mocks.push.failNext(1, { status: 400 });
    await run(await publish(db().store, 'CARDS', [cardStatus('EN1', 'CARD-5', 'BLOCKED')], NOW));
    expect(await notifications.sender.deliverDue()).to.deep.equal({ sent: 1, retrying: 0, failed: 2, claimed: 3 });
    clock.advance(3_600_000);
    expect((await notifications.sender.deliverDue()).claimed).to.equal(0);
    const rows = byChannel(await notifications.deliveries('EN1'));
    expect(rows.email).to.deep.include({ status: 'failed', attempts: 1 });
    expect(rows.email!.lastError).to.match(/^PROVIDER_REJECTED: SMTP .*550.*Mailbox unavailable/);
    expect(rows.push).to.deep.include({ status: 'failed', attempts: 1 });
    expect(rows.push!.lastError).to.match(/^PROVIDER_REJECTED: push provider answered 400/);
    expect(rows.sms).to.deep.include({ status: 'sent' });
    expect(smtp.mails()).to.have.length(0);
    expect(mocks.push.requestCount()).to.equal(1);
  });

  it('gives up after the last attempt with the last reason', async () => {
    mocks.push.failNext(10, { status: 503, retryAfterSeconds: 30 });
    await notifications.setPreferences('EN1', { products: ['push'] });
    await run(await publish(db().store, 'CRM', [applicationStatus('EN1', 'APP-3', 'REJECTED', 'Income too low')], NOW));
    for (let round = 0; round < 6; round += 1) {
      await notifications.sender.deliverDue();
      clock.advance(120_000);
    }
    const [row, ...others] = await notifications.deliveries('EN1');
    expect(others).to.have.length(0);
    expect(row).to.deep.include({ channel: 'push', status: 'failed', attempts: 4 });
    expect(row!.lastError).to.match(/PROVIDER_BUSY: push provider answered 503.*after 4 attempts/);
    expect(mocks.push.requestCount()).to.equal(4);
    expect(mocks.push.received()).to.have.length(0);
  });

  it('takes over a delivery whose sender stopped mid-send after its lease, and the provider drops the repeat', async () => {
    const push = createPushChannel({ url: mocks.pushUrl });
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    // Sends, then never reports back: a sender that died after the provider took the message.
    const dying = createNotificationSender({
      store: db().store,
      now: clock.now,
      leaseMs: 60_000,
      providers: {
        push: {
          channel: 'push',
          send: async (message) => {
            const result = await push.send(message);
            await stuck;
            return result;
          },
          close: async () => undefined,
        },
      },
    });
    await notifications.setPreferences('EN1', { products: ['push'] });
    await run(await publish(db().store, 'CRM', [applicationStatus('EN1', 'APP-4', 'COMPLETED')], NOW));
    const first = dying.deliverDue();
    const deadline = Date.now() + 10_000;
    while (mocks.push.received().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(byChannel(await notifications.deliveries('EN1')).push).to.deep.include({ status: 'sending', attempts: 1 });
    // Within the lease nobody else touches it.
    expect((await notifications.sender.deliverDue()).claimed).to.equal(0);

    clock.advance(61_000);
    expect(await notifications.sender.deliverDue()).to.deep.equal({ sent: 1, retrying: 0, failed: 0, claimed: 1 });
    release();
    expect(await first).to.deep.equal({ sent: 0, retrying: 0, failed: 0, claimed: 1 });
    expect(mocks.push.requestCount()).to.equal(2);
    expect(mocks.push.received()).to.have.length(1);
    // The late sender's outcome did not overwrite the one that took over.
    expect(byChannel(await notifications.deliveries('EN1')).push).to.deep.include({ status: 'sent', attempts: 2 });
  });

  it('lets two senders share the due rows: every delivery goes out once, claimed by one of them', async () => {
    const other = createNotifications({
      store: db().store,
      smtp: { url: smtp.url, from: FROM },
      sms: { url: mocks.smsUrl },
      push: { url: mocks.pushUrl },
      now: clock.now,
      batchSize: 7,
    });
    try {
      const events = Array.from({ length: 8 }, (_, index) => cardStatus(index % 2 ? 'EN1' : 'RU1', `CARD-S${index}`, 'BLOCKED'));
      await run(await publish(db().store, 'CARDS', events, NOW));
      let claimed = 0;
      for (let round = 0; round < 20; round += 1) {
        const reports = await Promise.all([notifications.sender.deliverDue(), other.sender.deliverDue()]);
        const now = reports.reduce((sum, report) => sum + report.claimed, 0);
        claimed += now;
        if (now === 0) break;
      }
      expect(claimed, 'three channels for each of the 8 notifications').to.equal(24);
      expect(smtp.mails()).to.have.length(8);
      expect(mocks.sms.received()).to.have.length(8);
      expect(mocks.push.received()).to.have.length(8);
      expect(mocks.sms.requestCount() + mocks.push.requestCount(), 'no delivery sent twice').to.equal(16);
      const rows = [...(await notifications.deliveries('EN1')), ...(await notifications.deliveries('RU1'))];
      expect(rows).to.have.length(24);
      for (const row of rows) expect(row, row.notificationId).to.deep.include({ status: 'sent', attempts: 1 });
    } finally {
      await other.sender.stop();
    }
  });

  it('claims a set of due rows in one statement only while none was taken meanwhile', async () => {
    await run(await publish(db().store, 'CARDS', [cardStatus('EN1', 'CARD-C1', 'BLOCKED'), cardStatus('EN1', 'CARD-C2', 'BLOCKED')], NOW));
    const lease = new Date(NOW.getTime() + 60_000);
    const taken = await db().store.transaction('test', async (ex) => {
      const due = await dueDeliveries(ex, NOW, 50);
      expect(due).to.have.length(6);
      // Another sender takes one of them between this sender's read and its claim.
      expect(await claim(ex, due[2]!, lease)).to.equal(true);
      return claimAll(ex, due, lease);
    });
    expect(taken).to.equal(5);
    const rows = await notifications.deliveries('EN1');
    expect(rows.every((row) => row.status === 'sending' && row.attempts === 1)).to.equal(true);
  });

  it('asks the bus to retry while the client is unknown and dead-letters unreadable messages', async () => {
    const [unknown] = await publish(db().store, 'CARDS', [cardStatus('NOBODY', 'CARD-6', 'BLOCKED')], NOW);
    const retry = await handle(db().store, notifications.flow, unknown!).catch((error: unknown) => error);
    expect(retry).to.be.instanceOf(FlowError).and.include({ code: 'NOTIFICATION_CLIENT_UNKNOWN', retryable: true });

    const broken = await handle(db().store, notifications.flow, { messageId: 'm-1', routingKey: 'card.status.changed', attempt: 1, body: { occurredAt: NOW.toISOString(), payload: { status: 'BLOCKED' } } }).catch((error: unknown) => error);
    expect(broken).to.be.instanceOf(FlowError).and.include({ code: 'NOTIFICATION_MESSAGE_INVALID', retryable: false });
    const badMoney = await handle(db().store, notifications.flow, {
      messageId: 'm-2',
      routingKey: 'payment.completed',
      attempt: 1,
      body: { paymentId: 'P', clientId: 'EN1', accountId: 'A', amount: { value: '1.001', currency: 'EUR' }, status: 'COMPLETED', occurredAt: NOW.toISOString() },
    }).catch((error: unknown) => error);
    expect(badMoney).to.be.instanceOf(FlowError).and.include({ code: 'NOTIFICATION_RENDER_FAILED', retryable: false });
    expect(await notifications.counts()).to.deep.equal({ pending: 0, sending: 0, sent: 0, failed: 0 });
  });

  it('delivers on its own once started, and stops cleanly twice', async () => {
    const live = createNotifications({ store: db().store, push: { url: mocks.pushUrl }, pollIntervalMs: 50 });
    try {
      await live.sender.start();
      // An event that happens now, for the real clock.
      const handled = await publish(db().store, 'CARDS', [cardStatus('EN1', 'CARD-7', 'BLOCKED', { occurredAt: new Date().toISOString() })], new Date());
      for (const message of handled) await handle(db().store, live.flow, message);
      const deadline = Date.now() + 15_000;
      while (mocks.push.received().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(mocks.push.received().map((push) => push.body.title)).to.deep.equal(['Card blocked']);
      expect(await live.sender.health()).to.deep.equal({ status: 'up' });
    } finally {
      await live.sender.stop();
      await live.sender.stop();
    }
    expect((await live.sender.health()).status).to.equal('down');
  });
});
