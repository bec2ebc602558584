/**
 * The texts of every notification, as data: per kind its category, its placeholders, and
 * per language the e-mail (subject and text), the SMS and the push message (title and
 * body). A placeholder is `{name}`; the renderer fills it with the parameter of that name,
 * formatted in the client's language (money by its currency's minor digits, dates in the
 * language's style). In Russian, `{product}` is always in the accusative, after "на".
 * A test keeps every kind complete in every language, with no unknown placeholder.
 */
import type { Category, Language, NotificationKind, PhraseKey, ProductType } from './model.js';

export interface Texts {
  readonly email: { readonly subject: string; readonly text: string };
  /** One short line: a single SMS segment where the language allows it. */
  readonly sms: string;
  readonly push: { readonly title: string; readonly body: string };
}

export interface KindTemplate {
  readonly category: Category;
  /** The placeholders the texts may use; an event must supply every one. */
  readonly params: readonly string[];
  readonly texts: Readonly<Record<Language, Texts>>;
}

export const TEMPLATES: Readonly<Record<NotificationKind, KindTemplate>> = {
  'card-purchase': {
    category: 'transactions',
    params: ['amount', 'merchant', 'date'],
    texts: {
      en: {
        email: { subject: 'Card purchase of {amount}', text: 'A card purchase of {amount} ({merchant}) was posted to your account on {date}.' },
        sms: 'Card purchase {amount}, {merchant}, {date}',
        push: { title: 'Card purchase', body: '{amount}, {merchant}' },
      },
      ru: {
        email: { subject: 'Покупка по карте на {amount}', text: '{date} по вашему счёту проведена покупка по карте на {amount} ({merchant}).' },
        sms: 'Покупка по карте {amount}, {merchant}, {date}',
        push: { title: 'Покупка по карте', body: '{amount}, {merchant}' },
      },
    },
  },
  'incoming-transfer': {
    category: 'transactions',
    params: ['amount', 'sender', 'date'],
    texts: {
      en: {
        email: { subject: 'You received {amount}', text: '{amount} was credited to your account on {date}. Sender: {sender}.' },
        sms: 'Received {amount}. Sender: {sender}',
        push: { title: 'Money received', body: '{amount}. Sender: {sender}' },
      },
      ru: {
        email: { subject: 'Поступление {amount}', text: '{date} на ваш счёт зачислено {amount}. Отправитель: {sender}.' },
        sms: 'Зачислено {amount}. Отправитель: {sender}',
        push: { title: 'Поступление средств', body: '{amount}. Отправитель: {sender}' },
      },
    },
  },
  'large-debit': {
    category: 'security',
    params: ['amount', 'counterparty', 'date'],
    texts: {
      en: {
        email: {
          subject: 'Large debit of {amount} from your account',
          text: '{amount} was debited from your account on {date}. Recipient: {counterparty}. If you did not make this payment, call the bank immediately.',
        },
        sms: 'Debit {amount} on {date}. Recipient: {counterparty}. Not you? Call the bank now.',
        push: { title: 'Large debit', body: '{amount}. Recipient: {counterparty}. Not you? Call the bank.' },
      },
      ru: {
        email: {
          subject: 'Крупное списание {amount} с вашего счёта',
          text: '{date} с вашего счёта списано {amount}. Получатель: {counterparty}. Если вы не совершали этот платёж, немедленно позвоните в банк.',
        },
        sms: 'Списание {amount} {date}, получатель: {counterparty}. Не вы? Звоните в банк.',
        push: { title: 'Крупное списание', body: '{amount}. Получатель: {counterparty}. Не вы? Позвоните в банк.' },
      },
    },
  },
  'card-blocked': {
    category: 'security',
    params: ['card'],
    texts: {
      en: {
        email: {
          subject: 'Your card {card} is blocked',
          text: 'Your card {card} has been blocked. Payments with it are declined until it is unblocked. If you did not ask for this, contact the bank.',
        },
        sms: 'Card {card} blocked. Not you? Call the bank.',
        push: { title: 'Card blocked', body: 'Your card {card} is blocked.' },
      },
      ru: {
        email: {
          subject: 'Карта {card} заблокирована',
          text: 'Ваша карта {card} заблокирована. Платежи по ней отклоняются, пока блокировка не снята. Если вы об этом не просили, свяжитесь с банком.',
        },
        sms: 'Карта {card} заблокирована. Не вы? Звоните в банк.',
        push: { title: 'Карта заблокирована', body: 'Ваша карта {card} заблокирована.' },
      },
    },
  },
  'card-lost': {
    category: 'security',
    params: ['card'],
    texts: {
      en: {
        email: { subject: 'Card {card} reported lost', text: 'Your card {card} has been reported lost and is closed for good. A replacement card will be issued.' },
        sms: 'Card {card} reported lost and closed. A new card will be issued.',
        push: { title: 'Card reported lost', body: 'Card {card} is closed; a replacement will be issued.' },
      },
      ru: {
        email: { subject: 'Карта {card} заявлена как утерянная', text: 'Ваша карта {card} заявлена как утерянная и закрыта. Мы выпустим новую карту.' },
        sms: 'Карта {card} закрыта как утерянная. Мы выпустим новую.',
        push: { title: 'Карта утеряна', body: 'Карта {card} закрыта, будет выпущена новая.' },
      },
    },
  },
  'card-stolen': {
    category: 'security',
    params: ['card'],
    texts: {
      en: {
        email: { subject: 'Card {card} reported stolen', text: 'Your card {card} has been reported stolen and is closed for good. A replacement card will be issued.' },
        sms: 'Card {card} reported stolen and closed. A new card will be issued.',
        push: { title: 'Card reported stolen', body: 'Card {card} is closed; a replacement will be issued.' },
      },
      ru: {
        email: { subject: 'Карта {card} заявлена как украденная', text: 'Ваша карта {card} заявлена как украденная и закрыта. Мы выпустим новую карту.' },
        sms: 'Карта {card} закрыта как украденная. Мы выпустим новую.',
        push: { title: 'Карта украдена', body: 'Карта {card} закрыта, будет выпущена новая.' },
      },
    },
  },
  'card-issued': {
    category: 'security',
    params: ['card'],
    texts: {
      en: {
        email: { subject: 'Your new card {card} is on its way', text: 'Your card {card} has been issued and is on its way to you. Activate it in the app when it arrives.' },
        sms: 'Card {card} issued. Activate it in the app when it arrives.',
        push: { title: 'New card issued', body: 'Card {card} is on its way. Activate it when it arrives.' },
      },
      ru: {
        email: { subject: 'Ваша новая карта {card} выпущена', text: 'Карта {card} выпущена и отправлена вам. Активируйте её в приложении, когда получите.' },
        sms: 'Карта {card} выпущена. Активируйте её в приложении после получения.',
        push: { title: 'Карта выпущена', body: 'Карта {card} уже в пути. Активируйте её после получения.' },
      },
    },
  },
  'card-active': {
    category: 'security',
    params: ['card'],
    texts: {
      en: {
        email: { subject: 'Your card {card} is active', text: 'Your card {card} is active and ready to use. If you did not activate or unblock it, contact the bank.' },
        sms: 'Card {card} is active.',
        push: { title: 'Card active', body: 'Your card {card} is ready to use.' },
      },
      ru: {
        email: { subject: 'Карта {card} активна', text: 'Ваша карта {card} активна, ею можно пользоваться. Если вы её не активировали и не разблокировали, свяжитесь с банком.' },
        sms: 'Карта {card} активна.',
        push: { title: 'Карта активна', body: 'Карта {card} готова к использованию.' },
      },
    },
  },
  'application-documents-required': {
    category: 'products',
    params: ['product', 'reason'],
    texts: {
      en: {
        email: {
          subject: 'Documents needed for your {product} application',
          text: 'To continue with your {product} application we need more documents: {reason}. Please upload them in the app.',
        },
        sms: 'Your {product} application needs documents. Details in the app.',
        push: { title: 'Documents needed', body: 'Your {product} application: {reason}' },
      },
      ru: {
        email: { subject: 'Для заявки на {product} нужны документы', text: 'Чтобы продолжить рассмотрение заявки на {product}, нам нужны документы: {reason}. Загрузите их в приложении.' },
        sms: 'Для заявки на {product} нужны документы. Подробности в приложении.',
        push: { title: 'Нужны документы', body: 'Заявка на {product}: {reason}' },
      },
    },
  },
  'application-approved': {
    category: 'products',
    params: ['product'],
    texts: {
      en: {
        email: { subject: 'Your {product} application is approved', text: 'Good news: your {product} application has been approved. We are opening the product and will tell you when it is ready.' },
        sms: 'Your {product} application is approved.',
        push: { title: 'Application approved', body: 'Your {product} application is approved.' },
      },
      ru: {
        email: { subject: 'Заявка на {product} одобрена', text: 'Ваша заявка на {product} одобрена. Мы открываем продукт и сообщим, когда он будет готов.' },
        sms: 'Заявка на {product} одобрена.',
        push: { title: 'Заявка одобрена', body: 'Ваша заявка на {product} одобрена.' },
      },
    },
  },
  'application-completed': {
    category: 'products',
    params: ['product'],
    texts: {
      en: {
        email: { subject: 'Your {product} is ready', text: 'Your {product} application is complete and the product is open. You can see it in the app now.' },
        sms: 'Your {product} is open. See it in the app.',
        push: { title: 'Product ready', body: 'Your {product} is open.' },
      },
      ru: {
        email: { subject: 'Заявка на {product} выполнена', text: 'Заявка на {product} выполнена: продукт открыт и уже виден в приложении.' },
        sms: 'Заявка на {product} выполнена, продукт открыт.',
        push: { title: 'Продукт открыт', body: 'Заявка на {product} выполнена.' },
      },
    },
  },
  'application-rejected': {
    category: 'products',
    params: ['product', 'reason'],
    texts: {
      en: {
        email: { subject: 'Your {product} application', text: 'We are sorry: your {product} application was declined. Reason: {reason}.' },
        sms: 'Your {product} application was declined. Details in the app.',
        push: { title: 'Application declined', body: 'Your {product} application was declined.' },
      },
      ru: {
        email: { subject: 'Заявка на {product}', text: 'К сожалению, ваша заявка на {product} отклонена. Причина: {reason}.' },
        sms: 'Заявка на {product} отклонена. Подробности в приложении.',
        push: { title: 'Заявка отклонена', body: 'Ваша заявка на {product} отклонена.' },
      },
    },
  },
  'payment-completed': {
    category: 'payments',
    params: ['amount', 'time'],
    texts: {
      en: {
        email: { subject: 'Payment of {amount} completed', text: 'Your payment of {amount} was completed on {time}.' },
        sms: 'Payment {amount} completed.',
        push: { title: 'Payment completed', body: '{amount} sent.' },
      },
      ru: {
        email: { subject: 'Платёж на {amount} выполнен', text: 'Ваш платёж на {amount} выполнен {time}.' },
        sms: 'Платёж на {amount} выполнен.',
        push: { title: 'Платёж выполнен', body: 'Отправлено {amount}.' },
      },
    },
  },
  'payment-rejected': {
    category: 'payments',
    params: ['amount', 'reason', 'time'],
    texts: {
      en: {
        email: { subject: 'Payment of {amount} rejected', text: 'Your payment of {amount} was rejected on {time}. Reason: {reason}. No money left your account.' },
        sms: 'Payment {amount} rejected: {reason}',
        push: { title: 'Payment rejected', body: '{amount}: {reason}' },
      },
      ru: {
        email: { subject: 'Платёж на {amount} отклонён', text: 'Ваш платёж на {amount} отклонён {time}. Причина: {reason}. Деньги не списаны.' },
        sms: 'Платёж на {amount} отклонён: {reason}',
        push: { title: 'Платёж отклонён', body: '{amount}: {reason}' },
      },
    },
  },
  'payment-failed': {
    category: 'payments',
    params: ['amount', 'reason', 'time'],
    texts: {
      en: {
        email: {
          subject: 'Payment of {amount} failed',
          text: 'Your payment of {amount} could not be completed ({time}). Reason: {reason}. Any amount reserved for it will be released.',
        },
        sms: 'Payment {amount} failed: {reason}',
        push: { title: 'Payment failed', body: '{amount}: {reason}' },
      },
      ru: {
        email: { subject: 'Платёж на {amount} не выполнен', text: 'Ваш платёж на {amount} не удалось выполнить ({time}). Причина: {reason}. Зарезервированная сумма будет разблокирована.' },
        sms: 'Платёж на {amount} не выполнен: {reason}',
        push: { title: 'Платёж не выполнен', body: '{amount}: {reason}' },
      },
    },
  },
  'loan-overdue': {
    category: 'products',
    params: ['amount', 'due'],
    texts: {
      en: {
        email: { subject: 'Your loan payment is overdue', text: 'The loan instalment of {amount} due on {due} has not been paid. Please pay it as soon as possible to avoid further charges.' },
        sms: 'Loan instalment {amount} due {due} is overdue. Please pay now.',
        push: { title: 'Loan payment overdue', body: '{amount} was due on {due}.' },
      },
      ru: {
        email: { subject: 'Просрочен платёж по кредиту', text: 'Платёж по кредиту {amount} со сроком {due} не внесён. Пожалуйста, внесите его как можно скорее, чтобы избежать дополнительных начислений.' },
        sms: 'Просрочен платёж по кредиту {amount} (срок {due}). Внесите его сейчас.',
        push: { title: 'Просрочка по кредиту', body: 'Срок платежа {due}: {amount}.' },
      },
    },
  },
  'loan-repaid': {
    category: 'products',
    params: [],
    texts: {
      en: {
        email: { subject: 'Your loan is repaid', text: 'Your loan has been repaid in full. Thank you!' },
        sms: 'Your loan is fully repaid. Thank you!',
        push: { title: 'Loan repaid', body: 'Your loan is fully repaid.' },
      },
      ru: {
        email: { subject: 'Кредит погашен', text: 'Ваш кредит полностью погашен. Спасибо!' },
        sms: 'Кредит полностью погашен. Спасибо!',
        push: { title: 'Кредит погашен', body: 'Ваш кредит полностью погашен.' },
      },
    },
  },
  'deposit-matured': {
    category: 'products',
    params: ['principal', 'interest', 'date'],
    texts: {
      en: {
        email: { subject: 'Your deposit has matured', text: 'Your term deposit reached its maturity date on {date}. Principal: {principal}; interest: {interest}.' },
        sms: 'Deposit matured on {date}: {principal} plus {interest} interest.',
        push: { title: 'Deposit matured', body: '{principal} plus {interest} interest.' },
      },
      ru: {
        email: { subject: 'Срок вклада истёк', text: '{date} срок вашего вклада истёк. Сумма вклада: {principal}; проценты: {interest}.' },
        sms: 'Срок вклада истёк {date}: {principal} и проценты {interest}.',
        push: { title: 'Срок вклада истёк', body: '{principal} и проценты {interest}.' },
      },
    },
  },
};

/** The closing line of every e-mail. */
export const EMAIL_FOOTER: Readonly<Record<Language, string>> = {
  en: 'This message was sent automatically; please do not reply to it.',
  ru: 'Это сообщение отправлено автоматически, отвечать на него не нужно.',
};

export const PHRASES: Readonly<Record<Language, Readonly<Record<PhraseKey, string>>>> = {
  en: { unknownMerchant: 'card payment', unknownSender: 'not stated', unknownCounterparty: 'not stated', noReason: 'not stated' },
  ru: { unknownMerchant: 'оплата картой', unknownSender: 'не указан', unknownCounterparty: 'не указан', noReason: 'не указана' },
};

/** Product names as the templates use them (Russian: accusative). */
export const PRODUCT_NAMES: Readonly<Record<Language, Readonly<Record<ProductType, string>>>> = {
  en: {
    CURRENT_ACCOUNT: 'current account',
    SAVINGS_ACCOUNT: 'savings account',
    DEBIT_CARD: 'debit card',
    CREDIT_CARD: 'credit card',
    LOAN: 'loan',
    DEPOSIT: 'term deposit',
    OTHER: 'product',
  },
  ru: {
    CURRENT_ACCOUNT: 'текущий счёт',
    SAVINGS_ACCOUNT: 'сберегательный счёт',
    DEBIT_CARD: 'дебетовую карту',
    CREDIT_CARD: 'кредитную карту',
    LOAN: 'кредит',
    DEPOSIT: 'вклад',
    OTHER: 'продукт',
  },
};
