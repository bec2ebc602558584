import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { currencyExponent, formatAmount } from '../../common/money.js';
import type { Dataset, SeedEntry } from '../../mocks/seed/dataset.js';
import {
  LOCALE_COUNTRY,
  LOCALE_CURRENCY,
  annuityInstalment,
  createSeedContext,
  generateClient,
  generateDataset,
  rateString,
} from '../../mocks/seed/generate.js';
import { IBAN_SPECS, formatIban, frenchRibKey, isValidIban, makeIban, mod97, randomIban } from '../../mocks/seed/iban.js';
import { MERCHANT_CATEGORIES } from '../../mocks/seed/merchants.js';
import { NAMES, embossedName, familyNameForm, patronymic } from '../../mocks/seed/names.js';
import { SCHEME_BINS, isLuhnValid, luhnCheckDigit, makePan, maskPan, schemeOf } from '../../mocks/seed/pan.js';
import { Random, scatter, streamSeed } from '../../mocks/seed/random.js';

// ---------------------------------------------------------------------------------------
// The formats, taken from the published schemas so that the tests follow the contracts.

function xsdPattern(file: string, typeName: string): RegExp {
  const text = readFileSync(new URL(`../../wsdl/${file}`, import.meta.url), 'utf8');
  const match = new RegExp(`<xs:simpleType name="${typeName}">[\\s\\S]*?<xs:pattern value="([^"]*)"`).exec(text);
  if (!match) throw new Error(`no pattern for ${typeName} in ${file}`);
  const value = (match[1] as string).replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  // XML Schema patterns are anchored at both ends.
  return new RegExp(`^(?:${value})$`);
}

const COMMON = 'common/v1/common.xsd';
const IDENTIFIER = xsdPattern(COMMON, 'Identifier');
const IBAN = xsdPattern(COMMON, 'Iban');
const CURRENCY = xsdPattern(COMMON, 'CurrencyCode');
const COUNTRY = xsdPattern(COMMON, 'CountryCode');
const LANGUAGE = xsdPattern(COMMON, 'LanguageCode');
const PHONE = xsdPattern(COMMON, 'PhoneNumber');
const EMAIL = xsdPattern(COMMON, 'EmailAddress');
const MCC = xsdPattern(COMMON, 'MerchantCategoryCode');
const MASKED_PAN = xsdPattern(COMMON, 'MaskedPan');
const RATE = xsdPattern(COMMON, 'Rate');
const AMOUNT = xsdPattern(COMMON, 'Amount');
const CLIENT_NUMBER = xsdPattern('crm/v1/Crm.xsd', 'ClientNumber');
const EMBOSSED_NAME = xsdPattern('crm/v1/Crm.xsd', 'EmbossedName');
const CARDHOLDER_NAME = xsdPattern('cards/v1/Cards.xsd', 'CardholderName');
const EXPIRY_MONTH = xsdPattern('cards/v1/Cards.xsd', 'ExpiryMonth');
/** xs:date without a time zone, as the records carry it. */
const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
/** Names are ASCII Latin letters with space, hyphen and apostrophe. */
const LATIN_NAME = /^[A-Za-z][A-Za-z '-]*[A-Za-z]$/;

function isShortText(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= 140 && value.trim() === value;
}

function isDate(value: string): boolean {
  return DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

function signed(entry: SeedEntry): bigint {
  return entry.direction === 'CRDT' ? entry.amount : -entry.amount;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(item);
  }
  return map;
}

/** The records of some clients, in dataset order. */
function slice(dataset: Dataset, clientIds: ReadonlySet<string>): Omit<Dataset, 'seed'> {
  const accountIds = new Set(dataset.accounts.filter((a) => clientIds.has(a.clientId)).map((a) => a.accountId));
  return {
    clients: dataset.clients.filter((c) => clientIds.has(c.clientId)),
    accounts: dataset.accounts.filter((a) => clientIds.has(a.clientId)),
    entries: dataset.entries.filter((e) => accountIds.has(e.accountId)),
    cards: dataset.cards.filter((c) => clientIds.has(c.clientId)),
    loans: dataset.loans.filter((l) => clientIds.has(l.clientId)),
    deposits: dataset.deposits.filter((d) => clientIds.has(d.clientId)),
  };
}

/** The first outputs of new Random(1): a change here changes every seeded dataset. */
const PINNED_SEQUENCE: readonly number[] = [3315219847, 3154754164, 4172860882, 366000529];

// Two configurations: the defaults, and a leap-day "today" with a long history.
const CONFIGS = [
  { clients: 400, seed: 20261124 },
  { clients: 150, seed: 7, today: '2028-02-29', historyDays: 400 },
] as const;
const DATASETS = CONFIGS.map((config) => ({ config, dataset: generateDataset(config) }));

// ---------------------------------------------------------------------------------------

describe('seed random', () => {
  it('is deterministic per seed and stream key', () => {
    const a = Random.stream(42, 3);
    const b = Random.stream(42, 3);
    const xs = Array.from({ length: 50 }, () => a.uint32());
    expect(Array.from({ length: 50 }, () => b.uint32())).to.deep.equal(xs);
    const c = Random.stream(42, 4);
    expect(Array.from({ length: 50 }, () => c.uint32())).to.not.deep.equal(xs);
    expect(streamSeed(1, 2)).to.equal(streamSeed(1, 2));
    expect(streamSeed(1, 2)).to.not.equal(streamSeed(2, 1));
  });

  it('keeps a fixed sequence across platforms and versions', () => {
    const rng = new Random(1);
    expect(Array.from({ length: 4 }, () => rng.uint32())).to.deep.equal(PINNED_SEQUENCE);
  });

  it('draws within bounds: int, pick, chance, weighted, count', () => {
    const rng = Random.stream(9);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const v = rng.int(-3, 3);
      expect(v).to.be.within(-3, 3);
      seen.add(v);
    }
    expect(seen.size).to.equal(7);
    const big = rng.int(0, 2 ** 40);
    expect(big).to.be.within(0, 2 ** 40);
    expect(['a', 'b']).to.include(rng.pick(['a', 'b']));
    expect(rng.chance(0)).to.equal(false);
    expect(rng.chance(1)).to.equal(true);
    expect(rng.weighted([['x', 0], ['y', 1]])).to.equal('y');
    expect(rng.count(0)).to.equal(0);
    expect(rng.count(6, 6)).to.equal(6);
    expect(() => rng.pick([])).to.throw(RangeError);
    expect(() => rng.int(2, 1)).to.throw(RangeError);
  });

  it('scatters serial numbers one-to-one', () => {
    const seen = new Set<bigint>();
    for (let i = 0; i < 1000; i++) seen.add(scatter(i, 1000n, 77));
    expect(seen.size).to.equal(1000);
  });
});

describe('seed IBAN', () => {
  it('accepts registry examples and refuses altered ones', () => {
    const examples = [
      'DE89370400440532013000',
      'GB29NWBK60161331926819',
      'FR1420041010050500013M02606',
      'KZ86125KZT5004100100',
      'RU0204452560040702810412345678901',
      'NL91ABNA0417164300',
      'CH9300762011623852957',
      'AT611904300234573201',
      'BE68539007547034',
      'PL61109010140000071219812874',
      'LU280019400644750000',
    ];
    for (const iban of examples) {
      expect(isValidIban(iban), iban).to.equal(true);
      expect(iban.length).to.equal(IBAN_SPECS[iban.slice(0, 2)]?.length);
      const altered = `${iban.slice(0, -1)}${iban.endsWith('0') ? '1' : '0'}`;
      expect(isValidIban(altered), altered).to.equal(false);
    }
    expect(isValidIban('DE8937040044053201300')).to.equal(false); // too short for DE
    expect(isValidIban('GB29NWBK6016133192681X')).to.equal(false); // letter in a numeric field
    expect(isValidIban('de89370400440532013000')).to.equal(false);
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).to.equal(false);
    expect(formatIban('DE89370400440532013000')).to.equal('DE89 3704 0044 0532 0130 00');
  });

  it('computes check digits and the French RIB key', () => {
    expect(makeIban('DE', '370400440532013000')).to.equal('DE89370400440532013000');
    expect(frenchRibKey('20041', '01005', '0500013M026')).to.equal('06');
    expect(mod97('3214282912345698765432161182')).to.equal(1);
  });

  it('makes valid random IBANs with each country length', () => {
    const rng = Random.stream(5);
    for (const [country, spec] of Object.entries(IBAN_SPECS)) {
      for (let i = 0; i < 50; i++) {
        const iban = randomIban(rng, country);
        expect(iban.length, iban).to.equal(spec.length);
        expect(isValidIban(iban), iban).to.equal(true);
        expect(IBAN.test(iban)).to.equal(true);
      }
    }
    expect(IBAN_SPECS.DE?.length).to.equal(22);
    expect(IBAN_SPECS.FR?.length).to.equal(27);
    expect(IBAN_SPECS.KZ?.length).to.equal(20);
    expect(IBAN_SPECS.GB?.length).to.equal(22);
    expect(IBAN_SPECS.RU?.length).to.equal(33);
  });
});

describe('seed PAN', () => {
  it('checks and computes Luhn digits', () => {
    expect(isLuhnValid('4111111111111111')).to.equal(true);
    expect(isLuhnValid('5555555555554444')).to.equal(true);
    expect(isLuhnValid('4111111111111112')).to.equal(false);
    expect(isLuhnValid('411111111111111a')).to.equal(false);
    expect(luhnCheckDigit('7992739871')).to.equal('3');
  });

  it('makes 16-digit PANs of the bank BIN of each scheme', () => {
    for (const scheme of ['VISA', 'MASTERCARD', 'MIR', 'UNIONPAY'] as const) {
      const pan = makePan(scheme, '123456789');
      expect(pan).to.have.length(16);
      expect(pan.startsWith(SCHEME_BINS[scheme])).to.equal(true);
      expect(isLuhnValid(pan)).to.equal(true);
      expect(schemeOf(pan)).to.equal(scheme);
    }
    expect(schemeOf('2221000000000009')).to.equal('MASTERCARD');
    expect(schemeOf('2720990000000007')).to.equal('MASTERCARD');
    expect(schemeOf('3400000000000009')).to.equal(undefined);
  });

  it('masks as first six, asterisks, last four', () => {
    expect(maskPan('4279381234567890')).to.equal('427938******7890');
    expect(MASKED_PAN.test(maskPan('4279381234567890'))).to.equal(true);
  });
});

describe('seed names', () => {
  it('has 20-40 ASCII names, cities and streets per locale', () => {
    for (const [locale, names] of Object.entries(NAMES)) {
      for (const list of [names.male, names.female, names.family, names.cities.map((c) => c.name), names.streets]) {
        expect(list.length, locale).to.be.within(20, 40);
        expect(new Set(list).size, locale).to.equal(list.length);
        for (const item of list) expect(item, locale).to.match(/^[A-Za-z0-9][A-Za-z0-9 .,'-]*$/);
      }
      expect(names.country).to.equal(LOCALE_COUNTRY[locale as keyof typeof LOCALE_COUNTRY]);
    }
  });

  it('forms patronymics and gendered family names', () => {
    expect(patronymic('ru', 'Ivan', false)).to.equal('Ivanovich');
    expect(patronymic('ru', 'Pyotr', true)).to.equal('Petrovna');
    expect(patronymic('kk', 'Nurlan', true)).to.equal('Nurlanovna');
    expect(familyNameForm('ru', 'Petrov', true)).to.equal('Petrova');
    expect(familyNameForm('ru', 'Petrov', false)).to.equal('Petrov');
    expect(familyNameForm('ru', 'Kovalevsky', true)).to.equal('Kovalevskaya');
    expect(familyNameForm('ru', 'Tolstoy', true)).to.equal('Tolstaya');
    expect(familyNameForm('ru', 'Ilyin', true)).to.equal('Ilyina');
    expect(familyNameForm('ru', 'Kovalenko', true)).to.equal('Kovalenko');
    expect(familyNameForm('kk', 'Zhumabayev', true)).to.equal('Zhumabayeva');
    expect(familyNameForm('de', 'Becker', true)).to.equal('Becker');
  });

  it('embosses at most 26 characters ending with a letter or a dot', () => {
    expect(embossedName('Ivan', 'Sidorov')).to.equal('IVAN SIDOROV');
    expect(embossedName('Mary-Jane', "O'Connor")).to.equal("MARY-JANE O'CONNOR");
    expect(embossedName('Konstantin', 'Bekmukhambetov-Abdrakhmanov')).to.equal('K. BEKMUKHAMBETOV-ABDRAKHM');
    expect(embossedName('Anne', 'Abcdefghijklmnopqrstuvw-xy')).to.equal('A. ABCDEFGHIJKLMNOPQRSTUVW');
    for (const name of [embossedName('Konstantin', 'Bekmukhambetov-Abdrakhmanov'), embossedName('Anne', 'Abcdefghijklmnopqrstuvw-xy')]) {
      expect(name).to.match(EMBOSSED_NAME).and.to.match(CARDHOLDER_NAME);
    }
  });
});

describe('seed merchants', () => {
  it('uses four-digit MCCs with merchants for every locale', () => {
    const mccs = new Set<string>();
    for (const category of MERCHANT_CATEGORIES) {
      expect(category.mcc).to.match(MCC);
      expect(mccs.has(category.mcc)).to.equal(false);
      mccs.add(category.mcc);
      expect(category.minEur).to.be.greaterThan(0).and.at.most(category.maxEur);
      for (const locale of ['en', 'de', 'fr', 'ru', 'kk'] as const) {
        const list = category.merchants[locale] ?? category.merchants.any;
        expect(list?.length ?? 0, `${category.mcc} ${locale}`).to.be.greaterThan(0);
        for (const merchant of list ?? []) expect(isShortText(merchant)).to.equal(true);
      }
    }
  });
});

describe('seed helpers', () => {
  it('writes rates as cmn:Rate percent strings', () => {
    expect(rateString(1250)).to.equal('12.5');
    expect(rateString(900)).to.equal('9');
    expect(rateString(975)).to.equal('9.75');
    expect(rateString(5)).to.equal('0.05');
    for (const bp of [1, 10, 99, 100, 1234, 3190]) expect(rateString(bp)).to.match(RATE);
  });

  it('computes annuity instalments in minor units', () => {
    // 10,000.00 at 12 % a year over 12 months: 888.49 a month.
    expect(annuityInstalment(1000000n, 1200, 12)).to.equal(88849n);
    // 200,000.00 at 6 % over 300 months: 1,288.60.
    expect(annuityInstalment(20000000n, 600, 300)).to.equal(128860n);
    expect(annuityInstalment(120000n, 0, 12)).to.equal(10000n);
  });
});

describe('seed dataset', () => {
  it('is deterministic: the same arguments give deep-equal datasets, another seed another one', () => {
    const a = generateDataset({ clients: 60, seed: 11 });
    const b = generateDataset({ clients: 60, seed: 11 });
    expect(b).to.deep.equal(a);
    const c = generateDataset({ clients: 60, seed: 12 });
    expect(c.clients).to.not.deep.equal(a.clients);
    expect(c.accounts.map((x) => x.iban)).to.not.deep.equal(a.accounts.map((x) => x.iban));
    expect(c.entries).to.not.deep.equal(a.entries);
    const d = generateDataset({ clients: 60, seed: 11, today: '2026-06-30' });
    expect(d.entries).to.not.deep.equal(a.entries);
  });

  it('is prefix-stable: the first clients do not depend on the client count', () => {
    const small = generateDataset({ clients: 10, seed: 3 });
    const large = generateDataset({ clients: 50, seed: 3 });
    const first = new Set(small.clients.map((c) => c.clientId));
    expect(first.size).to.equal(10);
    expect(slice(large, first)).to.deep.equal(slice(small, first));
    // And one client can be made alone.
    const context = createSeedContext({ clients: 50, seed: 3 });
    const alone = generateClient(context, 7);
    const seventh = slice(large, new Set([alone.client.clientId]));
    expect([alone.client]).to.deep.equal(seventh.clients);
    expect(alone.accounts).to.deep.equal(seventh.accounts);
    expect(alone.entries).to.deep.equal(seventh.entries);
    expect(alone.cards).to.deep.equal(seventh.cards);
    expect(alone.loans).to.deep.equal(seventh.loans);
    expect(alone.deposits).to.deep.equal(seventh.deposits);
  });

  it('refuses bad options', () => {
    expect(() => generateDataset({ clients: -1, seed: 1 })).to.throw(RangeError);
    expect(() => generateDataset({ clients: 1.5, seed: 1 })).to.throw(RangeError);
    expect(() => generateDataset({ clients: 1, seed: 0.5 })).to.throw(RangeError);
    expect(() => generateDataset({ clients: 1, seed: 1, today: '2026-02-30' })).to.throw(RangeError);
    expect(() => generateDataset({ clients: 1, seed: 1, today: '24.11.2026' })).to.throw(RangeError);
    expect(() => generateDataset({ clients: 1, seed: 1, historyDays: 0 })).to.throw(RangeError);
    expect(generateDataset({ clients: 0, seed: 1 }).clients).to.deep.equal([]);
  });

  for (const { config, dataset } of DATASETS) {
    const label = `${config.clients} clients, seed ${config.seed}${'today' in config ? `, today ${config.today}, ${config.historyDays} days` : ''}`;
    const today = 'today' in config ? config.today : '2026-11-24';
    const historyDays = 'historyDays' in config ? config.historyDays : 90;
    const historyStart = new Date(Date.parse(`${today}T00:00:00Z`) - (historyDays - 1) * 86400000).toISOString().slice(0, 10);
    const clientsById = new Map(dataset.clients.map((c) => [c.clientId, c]));
    const accountsById = new Map(dataset.accounts.map((a) => [a.accountId, a]));

    describe(`seed dataset (${label})`, () => {
      it('has one record per client and every locale', () => {
        expect(dataset.clients).to.have.length(config.clients);
        expect(clientsById.size).to.equal(config.clients);
        expect(dataset.seed).to.equal(config.seed);
        expect(new Set(dataset.clients.map((c) => c.locale))).to.have.keys('en', 'de', 'fr', 'ru', 'kk');
        dataset.clients.forEach((c, i) => expect(c.clientId).to.equal(`CL${String(i + 1).padStart(8, '0')}`));
      });

      it('gives every identifier the cmn:Identifier format and keeps it unique', () => {
        const ids = [
          ...dataset.clients.map((c) => c.clientId),
          ...dataset.accounts.map((a) => a.accountId),
          ...dataset.cards.map((c) => c.cardId),
          ...dataset.loans.map((l) => l.loanId),
          ...dataset.deposits.map((d) => d.depositId),
        ];
        for (const id of ids) expect(id).to.match(IDENTIFIER);
        expect(new Set(ids).size).to.equal(ids.length);
        for (const a of dataset.accounts) expect(a.productCode).to.match(IDENTIFIER);
        for (const d of dataset.deposits) expect(d.productCode).to.match(IDENTIFIER);
        for (const e of dataset.entries) expect(e.entryReference).to.match(IDENTIFIER);
        const numbers = dataset.clients.map((c) => c.clientNumber);
        for (const number of numbers) expect(number).to.match(CLIENT_NUMBER).and.to.match(/^[0-9]+$/);
        expect(new Set(numbers).size).to.equal(numbers.length);
      });

      it('makes clients with valid names, contacts, addresses and dates', () => {
        for (const c of dataset.clients) {
          expect(c.language).to.equal(c.locale).and.to.match(LANGUAGE);
          for (const name of [c.givenName, c.familyName, ...(c.middleName !== undefined ? [c.middleName] : [])]) {
            expect(isShortText(name), name).to.equal(true);
            expect(name).to.match(LATIN_NAME);
          }
          if (c.locale === 'ru' || c.locale === 'kk') expect(c.middleName).to.match(/(ovich|evich|ovna|evna|ich|ichna)$/);
          expect(c.phone).to.match(PHONE);
          const prefix = { GB: '+44', DE: '+49', FR: '+33', RU: '+7', KZ: '+7' }[c.address.country];
          expect(c.phone.startsWith(prefix as string), c.phone).to.equal(true);
          expect(c.email).to.match(EMAIL);
          expect(c.email.length).to.be.at.most(254);
          expect(c.email).to.match(/@example\.(com|org|net)$/);
          expect(c.address.country).to.equal(LOCALE_COUNTRY[c.locale]).and.to.match(COUNTRY);
          expect(c.address.line.length).to.be.within(1, 2);
          for (const line of c.address.line) expect(isShortText(line), line).to.equal(true);
          expect(isShortText(c.address.city)).to.equal(true);
          expect(c.address.postalCode).to.match(
            { GB: /^[A-Z]{1,2}[0-9]{1,2} [0-9][A-Z]{2}$/, DE: /^[0-9]{5}$/, FR: /^[0-9]{5}$/, RU: /^[0-9]{6}$/, KZ: /^[0-9]{6}$/ }[
              c.address.country
            ] as RegExp,
          );
          expect(isDate(c.birthDate), c.birthDate).to.equal(true);
          expect(isDate(c.since), c.since).to.equal(true);
          const age = ageOn(c.birthDate, today);
          expect(age, c.birthDate).to.be.within(18, 85);
          expect(c.since <= today).to.equal(true);
          expect(c.since > c.birthDate).to.equal(true);
        }
        const emails = dataset.clients.map((c) => c.email);
        expect(new Set(emails).size).to.equal(emails.length);
        const verified = dataset.clients.filter((c) => c.kycStatus === 'VERIFIED').length;
        expect(verified / dataset.clients.length).to.be.greaterThan(0.8);
      });

      it('opens accounts with valid IBANs in the locale country and currency', () => {
        const byClient = groupBy(dataset.accounts, (a) => a.clientId);
        for (const c of dataset.clients) {
          const accounts = byClient.get(c.clientId) ?? [];
          expect(accounts.length).to.be.within(1, 3);
          const first = accounts[0];
          expect(first?.type).to.equal('CURRENT');
          expect(first?.currency).to.equal(LOCALE_CURRENCY[c.locale]);
          expect(first?.openingDate).to.equal(c.since);
          for (const a of accounts) {
            expect(isValidIban(a.iban), a.iban).to.equal(true);
            expect(a.iban).to.match(IBAN);
            expect(a.iban.slice(0, 2)).to.equal(LOCALE_COUNTRY[c.locale]);
            expect(a.iban.length).to.equal({ GB: 22, DE: 22, FR: 27, RU: 33, KZ: 20 }[a.iban.slice(0, 2)]);
            expect(a.currency).to.match(CURRENCY);
            expect(() => currencyExponent(a.currency)).to.not.throw();
            expect([LOCALE_CURRENCY[c.locale], 'USD', 'EUR']).to.include(a.currency);
            expect(isShortText(a.productName)).to.equal(true);
            expect(isDate(a.openingDate)).to.equal(true);
            expect(a.openingDate >= c.since && a.openingDate <= today).to.equal(true);
            expect(a.creditLine >= 0n).to.equal(true);
            if (a.type === 'SAVINGS') expect(a.currency).to.equal(LOCALE_CURRENCY[c.locale]);
          }
        }
        const ibans = dataset.accounts.map((a) => a.iban);
        expect(new Set(ibans).size).to.equal(ibans.length);
        expect(dataset.accounts.some((a) => a.type === 'SAVINGS')).to.equal(true);
        expect(dataset.accounts.some((a) => a.creditLine > 0n)).to.equal(true);
      });

      it('issues Luhn-valid cards with embossed names and future expiry', () => {
        const todayMonth = today.slice(0, 7);
        for (const card of dataset.cards) {
          expect(card.pan).to.match(/^[0-9]{16}$/);
          expect(isLuhnValid(card.pan), card.pan).to.equal(true);
          expect(schemeOf(card.pan)).to.equal(card.scheme);
          expect(card.pan.startsWith(SCHEME_BINS[card.scheme])).to.equal(true);
          expect(maskPan(card.pan)).to.match(MASKED_PAN);
          expect(card.embossedName).to.match(EMBOSSED_NAME).and.to.match(CARDHOLDER_NAME);
          expect(card.expiry).to.match(EXPIRY_MONTH);
          expect(card.expiry > todayMonth, card.expiry).to.equal(true);
          expect(card.status).to.not.equal('EXPIRED');
          expect(card.creditLimit > 0n).to.equal(card.type === 'CREDIT');
        }
        const pans = dataset.cards.map((c) => c.pan);
        expect(new Set(pans).size).to.equal(pans.length);
        const activeDebit = dataset.cards.filter((c) => c.type === 'DEBIT' && c.status === 'ACTIVE').length;
        expect(activeDebit / dataset.cards.length).to.be.greaterThan(0.6);
        for (const value of ['CREDIT', 'VIRTUAL', 'BLOCKED', 'ISSUED']) {
          expect(dataset.cards.some((c) => c.type === value || c.form === value || c.status === value), value).to.equal(true);
        }
      });

      it('keeps references intact: every record belongs to an existing client and account of that client', () => {
        for (const a of dataset.accounts) expect(clientsById.has(a.clientId), a.accountId).to.equal(true);
        const currentOf = new Map<string, string>();
        for (const a of dataset.accounts) if (a.accountId.endsWith('-01')) currentOf.set(a.clientId, a.accountId);
        for (const card of dataset.cards) {
          expect(clientsById.has(card.clientId)).to.equal(true);
          const account = accountsById.get(card.accountId);
          expect(account?.clientId).to.equal(card.clientId);
          expect(account?.type).to.equal('CURRENT');
          expect(card.accountId).to.equal(currentOf.get(card.clientId));
        }
        for (const loan of dataset.loans) {
          const account = accountsById.get(loan.accountId);
          expect(clientsById.has(loan.clientId)).to.equal(true);
          expect(account?.clientId).to.equal(loan.clientId);
          expect(loan.currency).to.equal(account?.currency);
        }
        for (const deposit of dataset.deposits) {
          const account = accountsById.get(deposit.accountId);
          expect(clientsById.has(deposit.clientId)).to.equal(true);
          expect(account?.clientId).to.equal(deposit.clientId);
          expect(deposit.currency).to.equal(account?.currency);
        }
        for (const e of dataset.entries) expect(accountsById.has(e.accountId), e.accountId).to.equal(true);
        const cardsById = new Map(dataset.cards.map((c) => [c.cardId, c]));
        for (const e of dataset.entries) {
          if (e.kind === 'CARD_PAYMENT') {
            const card = cardsById.get(e.cardId as string);
            expect(card?.accountId, e.entryReference).to.equal(e.accountId);
            expect(card?.status).to.not.equal('ISSUED');
          } else {
            expect(e.cardId).to.equal(undefined);
          }
        }
      });

      it('makes loans and deposits that started before today', () => {
        expect(dataset.loans.length).to.be.greaterThan(0);
        expect(dataset.deposits.length).to.be.greaterThan(0);
        for (const loan of dataset.loans) {
          expect(loan.principal > 0n).to.equal(true);
          expect(loan.annualRate).to.match(RATE);
          expect(loan.termMonths).to.be.within(1, 600);
          expect(isDate(loan.startDate) && loan.startDate < today).to.equal(true);
          expect(loan.startDate > (accountsById.get(loan.accountId)?.openingDate as string)).to.equal(true);
        }
        for (const deposit of dataset.deposits) {
          expect(deposit.principal > 0n).to.equal(true);
          expect(deposit.annualRate).to.match(RATE);
          expect(deposit.termMonths).to.be.within(1, 600);
          expect(isDate(deposit.openDate) && deposit.openDate < today).to.equal(true);
          expect(deposit.openDate > (accountsById.get(deposit.accountId)?.openingDate as string)).to.equal(true);
        }
      });

      it('debits loan instalments on their due dates before today, as annuity instalments', () => {
        const byText = groupBy(
          dataset.entries.filter((e) => e.remittanceInformation?.endsWith(' instalment')),
          (e) => e.remittanceInformation as string,
        );
        let seen = 0;
        for (const loan of dataset.loans) {
          const account = accountsById.get(loan.accountId);
          const expected: string[] = [];
          for (let m = 1; m <= loan.termMonths; m++) {
            const due = addMonths(loan.startDate, m);
            if (due >= today) break;
            if (due >= historyStart && due > (account?.openingDate as string)) expected.push(due);
          }
          const entries = byText.get(`Loan ${loan.loanId} instalment`) ?? [];
          expect(entries.map((e) => e.bookingDate), loan.loanId).to.deep.equal(expected);
          const bp = Math.round(Number(loan.annualRate) * 100);
          for (const e of entries) {
            expect(e.accountId).to.equal(loan.accountId);
            expect(e.direction).to.equal('DBIT');
            expect(e.amount).to.equal(annuityInstalment(loan.principal, bp, loan.termMonths));
          }
          seen += entries.length;
        }
        expect(seen).to.be.greaterThan(0);
      });

      it('books entries in order with unique references, valid formats and amounts', () => {
        const byAccount = groupBy(dataset.entries, (e) => e.accountId);
        expect([...byAccount.keys()]).to.deep.equal(dataset.accounts.map((a) => a.accountId));
        // Each account's entries are contiguous in the dataset.
        let switches = 0;
        for (let i = 1; i < dataset.entries.length; i++) {
          if (dataset.entries[i]?.accountId !== dataset.entries[i - 1]?.accountId) switches++;
        }
        expect(switches).to.equal(dataset.accounts.length - 1);
        const mccs = new Set(MERCHANT_CATEGORIES.map((c) => c.mcc));
        for (const [accountId, entries] of byAccount) {
          const account = accountsById.get(accountId);
          const refs = new Set(entries.map((e) => e.entryReference));
          expect(refs.size, accountId).to.equal(entries.length);
          const opening = entries[0] as SeedEntry;
          expect(opening.direction).to.equal('CRDT');
          expect(opening.bookingDate <= historyStart || opening.bookingDate === account?.openingDate).to.equal(true);
          for (let i = 0; i < entries.length; i++) {
            const e = entries[i] as SeedEntry;
            if (i > 0) {
              expect(e.bookingDate >= (entries[i - 1] as SeedEntry).bookingDate, e.entryReference).to.equal(true);
              expect(e.bookingDate >= historyStart && e.bookingDate <= today, e.entryReference).to.equal(true);
              expect(e.bookingDate > (account?.openingDate as string), e.entryReference).to.equal(true);
            }
            expect(isDate(e.bookingDate) && isDate(e.valueDate)).to.equal(true);
            expect(e.valueDate <= e.bookingDate).to.equal(true);
            expect(typeof e.amount).to.equal('bigint');
            expect(e.amount > 0n, e.entryReference).to.equal(true);
            expect(formatAmount({ minor: e.amount, currency: account?.currency as string })).to.match(AMOUNT);
            expect(isShortText(e.counterpartyName), e.counterpartyName).to.equal(true);
            if (e.remittanceInformation !== undefined) expect(isShortText(e.remittanceInformation)).to.equal(true);
            if (e.counterpartyIban !== undefined) expect(isValidIban(e.counterpartyIban), e.counterpartyIban).to.equal(true);
            if (e.kind === 'CARD_PAYMENT') {
              expect(e.direction).to.equal('DBIT');
              expect(e.merchantCategoryCode).to.match(MCC);
              expect(mccs.has(e.merchantCategoryCode as string)).to.equal(true);
            } else {
              expect(e.merchantCategoryCode).to.equal(undefined);
            }
          }
        }
        const refs = dataset.entries.map((e) => e.entryReference);
        expect(new Set(refs).size).to.equal(refs.length);
        const kinds = new Set(dataset.entries.map((e) => e.kind));
        for (const kind of ['TRANSFER', 'CARD_PAYMENT', 'FEE', 'INTEREST', 'OTHER']) expect(kinds.has(kind as SeedEntry['kind']), kind).to.equal(true);
        expect(dataset.entries.some((e) => e.remittanceInformation?.startsWith('Salary'))).to.equal(true);
      });

      it('never lets a running balance go below minus the credit line', () => {
        for (const [accountId, entries] of groupBy(dataset.entries, (e) => e.accountId)) {
          const floor = -(accountsById.get(accountId)?.creditLine ?? 0n);
          let balance = 0n;
          for (const e of entries) {
            balance += signed(e);
            expect(balance >= floor, `${e.entryReference}: ${balance} < ${floor}`).to.equal(true);
          }
        }
      });

      it('scales amounts to each currency', () => {
        // A monthly salary is in the thousands of the currency's major units.
        for (const currency of ['EUR', 'GBP', 'RUB', 'KZT']) {
          const salaries = dataset.entries.filter(
            (e) => e.remittanceInformation?.startsWith('Salary ') && accountsById.get(e.accountId)?.currency === currency,
          );
          if (salaries.length === 0) continue;
          const unit = 10n ** BigInt(currencyExponent(currency));
          const typical = salaries.map((e) => e.amount / unit).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[
            Math.floor(salaries.length / 2)
          ] as bigint;
          const [low, high] = { EUR: [1000n, 40000n], GBP: [900n, 40000n], RUB: [20000n, 2000000n], KZT: [100000n, 10000000n] }[
            currency
          ] as [bigint, bigint];
          expect(typical >= low && typical <= high, `${currency} ${typical}`).to.equal(true);
        }
      });
    });
  }
});

/** The date `months` months later, on the same day or the month's last day. */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}
