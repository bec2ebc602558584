/**
 * Personal offers. They are not stored: each client's offers are derived from the
 * segment, a hash of the clientId and the calendar month of the clock, so the same
 * dataset always yields the same offers. An offer runs until the end of the month; the
 * next month brings new offer ids (a monthly campaign), so an offer quoted after its month
 * is gone, exactly like an expired one.
 */
import { currencyExponent, type Money } from '../../common/money.js';
import { endOfMonth, monthKey } from './calendar.js';
import type { ClientRecord, ClientSegment, ProductOffer, ProductType } from './model.js';

interface OfferTemplate {
  /** Short product code, part of the offer id. */
  readonly code: string;
  readonly productType: ProductType;
  /** Base amounts in major units of a currency like EUR, multiplied per client and per currency. */
  readonly amount?: number;
  readonly creditLimit?: number;
  readonly interestRate?: string;
  readonly effectiveRate?: string;
  readonly termMonths?: number;
}

const CATALOGUE: Readonly<Record<ClientSegment, readonly OfferTemplate[]>> = {
  RETAIL: [
    { code: 'LOAN', productType: 'LOAN', amount: 5_000, interestRate: '11.9', effectiveRate: '12.62', termMonths: 60 },
    { code: 'CC', productType: 'CREDIT_CARD', creditLimit: 1_000, interestRate: '19.9', effectiveRate: '21.84' },
    { code: 'DEP', productType: 'DEPOSIT', amount: 1_000, interestRate: '3.1', termMonths: 12 },
  ],
  PREMIUM: [
    { code: 'LOAN', productType: 'LOAN', amount: 15_000, interestRate: '8.9', effectiveRate: '9.27', termMonths: 84 },
    { code: 'CC', productType: 'CREDIT_CARD', creditLimit: 5_000, interestRate: '16.9', effectiveRate: '18.3' },
    { code: 'DEP', productType: 'DEPOSIT', amount: 10_000, interestRate: '3.6', termMonths: 24 },
    { code: 'SAV', productType: 'SAVINGS_ACCOUNT', interestRate: '2.75' },
  ],
  PRIVATE: [
    { code: 'DEP', productType: 'DEPOSIT', amount: 100_000, interestRate: '4.05', termMonths: 36 },
    { code: 'CC', productType: 'CREDIT_CARD', creditLimit: 25_000, interestRate: '14.9', effectiveRate: '16' },
    { code: 'SAV', productType: 'SAVINGS_ACCOUNT', interestRate: '3.25' },
  ],
  SME: [
    { code: 'LOAN', productType: 'LOAN', amount: 25_000, interestRate: '9.5', effectiveRate: '10.1', termMonths: 48 },
    { code: 'CA', productType: 'CURRENT_ACCOUNT', creditLimit: 10_000 },
    { code: 'DC', productType: 'DEBIT_CARD' },
  ],
};

/** Rough purchasing-power scale, so that a tenge or rouble offer is not a few euros' worth. */
const CURRENCY_SCALE: Readonly<Record<string, number>> = { KZT: 500, RUB: 100, JPY: 150 };

/** The offers the client has this month, most relevant first. Whether the client may have offers at all is the caller's rule. */
export function monthlyOffers(client: Pick<ClientRecord, 'clientId' | 'segment' | 'homeCurrency' | 'language'>, now: Date): ProductOffer[] {
  const { clientId, segment, homeCurrency: currency, language } = client;
  const clientHash = fnv1a(clientId);
  const validUntil = endOfMonth(now);
  const idPrefix = `OFR-${monthKey(now)}-${clientHash.toString(16).padStart(8, '0')}`;
  const ranked = CATALOGUE[segment]
    .map((template) => ({ template, rank: fnv1a(`${clientId}/${template.code}`) }))
    .sort((a, b) => a.rank - b.rank);
  return ranked.map(({ template, rank }): ProductOffer => {
    // One to four times the base, from the hash: different clients get different amounts.
    const multiplier = 1 + (rank % 4);
    return {
      offerId: `${idPrefix}-${template.code}`,
      productType: template.productType,
      title: offerTitle(template.productType, language),
      ...(template.amount === undefined ? {} : { amount: scaledMoney(template.amount * multiplier, currency) }),
      ...(template.creditLimit === undefined ? {} : { creditLimit: scaledMoney(template.creditLimit * multiplier, currency) }),
      ...(template.interestRate === undefined ? {} : { interestRate: template.interestRate }),
      ...(template.effectiveRate === undefined ? {} : { effectiveRate: template.effectiveRate }),
      ...(template.termMonths === undefined ? {} : { termMonths: template.termMonths }),
      validUntil,
    };
  });
}

/** An amount given in EUR-like major units, in minor units of `currency` after the purchasing-power scale. */
export function scaledMoney(major: number, currency: string): Money {
  const scaled = BigInt(major) * BigInt(CURRENCY_SCALE[currency] ?? 1);
  return { minor: scaled * 10n ** BigInt(currencyExponent(currency)), currency };
}

const TITLES: Readonly<Record<ProductType, Readonly<Record<string, string>>>> = {
  LOAN: {
    en: 'Pre-approved personal loan',
    de: 'Vorab genehmigter Privatkredit',
    ru: 'Предодобренный потребительский кредит',
    kk: 'Алдын ала мақұлданған тұтынушылық несие',
    fr: 'Prêt personnel pré-approuvé',
  },
  CREDIT_CARD: {
    en: 'Credit card with a pre-approved limit',
    de: 'Kreditkarte mit vorab genehmigtem Limit',
    ru: 'Кредитная карта с одобренным лимитом',
    kk: 'Мақұлданған лимиті бар несиелік карта',
    fr: 'Carte de crédit avec plafond pré-approuvé',
  },
  DEPOSIT: {
    en: 'Term deposit at a preferential rate',
    de: 'Festgeld zum Vorzugszins',
    ru: 'Срочный вклад по льготной ставке',
    kk: 'Жеңілдетілген мөлшерлемемен мерзімді салым',
    fr: 'Dépôt à terme à taux préférentiel',
  },
  SAVINGS_ACCOUNT: {
    en: 'Savings account with bonus interest',
    de: 'Sparkonto mit Bonuszins',
    ru: 'Накопительный счёт с повышенной ставкой',
    kk: 'Жоғары мөлшерлемелі жинақ шоты',
    fr: "Compte d'épargne à taux bonifié",
  },
  CURRENT_ACCOUNT: {
    en: 'Business account with an overdraft',
    de: 'Geschäftskonto mit Dispositionskredit',
    ru: 'Расчётный счёт с овердрафтом',
    kk: 'Овердрафты бар есеп айырысу шоты',
    fr: 'Compte courant avec découvert autorisé',
  },
  DEBIT_CARD: {
    en: 'Additional debit card free of charge',
    de: 'Kostenlose Zusatz-Debitkarte',
    ru: 'Бесплатная дополнительная дебетовая карта',
    kk: 'Тегін қосымша дебеттік карта',
    fr: 'Carte de débit supplémentaire gratuite',
  },
  OTHER: {
    en: 'A personal offer for you',
    de: 'Ein persönliches Angebot für Sie',
    ru: 'Персональное предложение для вас',
    kk: 'Сізге арналған жеке ұсыныс',
    fr: 'Une offre personnelle pour vous',
  },
};

/** The headline in the client's language ("de-AT" reads as "de"); English when the mock has no translation. */
export function offerTitle(productType: ProductType, language: string): string {
  const titles = TITLES[productType];
  return titles[language] ?? titles[language.slice(0, 2)] ?? titles.en!;
}

/** FNV-1a, 32 bits: a stable, dependency-free hash for deterministic variation. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
