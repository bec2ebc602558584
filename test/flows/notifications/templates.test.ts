import { expect } from 'chai';
import { LANGUAGES, PRODUCT_TYPES, type NotificationKind, type Param } from '../../../flows/notifications/model.js';
import { chooseLanguage, formatMoney, render, RenderError } from '../../../flows/notifications/render.js';
import { EMAIL_FOOTER, PHRASES, PRODUCT_NAMES, TEMPLATES, type Texts } from '../../../flows/notifications/templates.js';

/** A sample value for every placeholder name the templates use. */
const SAMPLES: Readonly<Record<string, Param>> = {
  amount: { type: 'money', amount: '1250.50', currency: 'EUR' },
  principal: { type: 'money', amount: '10000.00', currency: 'EUR' },
  interest: { type: 'money', amount: '350.00', currency: 'EUR' },
  merchant: { type: 'text', value: 'Coffee Corner', fallback: 'unknownMerchant' },
  sender: { type: 'text', value: 'Anna Petrova', fallback: 'unknownSender' },
  counterparty: { type: 'text', value: 'Landlord Ltd', fallback: 'unknownCounterparty' },
  reason: { type: 'text', value: 'proof of income', fallback: 'noReason' },
  date: { type: 'date', value: '2026-11-24' },
  due: { type: 'date', value: '2026-12-15' },
  time: { type: 'instant', value: '2026-11-24T09:30:00Z' },
  card: { type: 'card', maskedPan: '427683******1234' },
  product: { type: 'product', value: 'LOAN' },
};

const textsOf = (texts: Texts): string[] => [texts.email.subject, texts.email.text, texts.sms, texts.push.title, texts.push.body];
const placeholders = (text: string): string[] => [...text.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!);

describe('notification templates', () => {
  const kinds = Object.keys(TEMPLATES) as NotificationKind[];

  it('has every kind in every language, with every text present', () => {
    expect(kinds).to.have.length.greaterThan(15);
    for (const kind of kinds) {
      for (const language of LANGUAGES) {
        const texts = TEMPLATES[kind].texts[language];
        expect(texts, `${kind}/${language}`).to.not.equal(undefined);
        for (const text of textsOf(texts)) expect(text.trim(), `${kind}/${language}`).to.not.equal('');
      }
    }
    for (const language of LANGUAGES) {
      expect(EMAIL_FOOTER[language]).to.be.a('string').and.not.equal('');
      for (const phrase of Object.values(PHRASES[language])) expect(phrase).to.not.equal('');
      for (const product of PRODUCT_TYPES) expect(PRODUCT_NAMES[language][product], `${language}/${product}`).to.be.a('string').and.not.equal('');
    }
  });

  it('uses only declared placeholders, and every declared one in some text of each language', () => {
    for (const kind of kinds) {
      const declared = TEMPLATES[kind].params;
      for (const language of LANGUAGES) {
        const used = textsOf(TEMPLATES[kind].texts[language]).flatMap(placeholders);
        for (const name of used) expect(declared, `${kind}/${language} uses {${name}}`).to.include(name);
        for (const name of declared) expect(used, `${kind}/${language} never uses {${name}}`).to.include(name);
      }
    }
  });

  it('renders every kind in every language with every placeholder filled', () => {
    for (const kind of kinds) {
      const params = Object.fromEntries(TEMPLATES[kind].params.map((name) => [name, SAMPLES[name]!]));
      for (const language of LANGUAGES) {
        const content = render({ kind, clientId: 'C1', params }, { language, locale: language, timeZone: 'Europe/Moscow' });
        for (const text of [content.email.subject, content.email.text, content.sms.text, content.push.title, content.push.body]) {
          expect(text, `${kind}/${language}`).to.not.match(/[{}]/);
          expect(text).to.not.include('undefined');
          // A date ending in an abbreviation ("2026 г.") must not meet a full stop of the template.
          expect(text, `${kind}/${language}`).to.not.match(/\.\./);
        }
        expect(content.email.text).to.include(EMAIL_FOOTER[language]);
      }
    }
  });

  it('refuses to render with a parameter missing', () => {
    expect(() => render({ kind: 'card-purchase', clientId: 'C1', params: { amount: SAMPLES.amount! } }, { language: 'en', locale: 'en' })).to.throw(RenderError, /merchant/);
  });

  it('formats money by the currency minor digits from the decimal string, in the language', () => {
    expect(formatMoney('1250.5', 'EUR', 'en')).to.equal('€1,250.50');
    expect(formatMoney('1250.50', 'EUR', 'ru')).to.equal('1\u00a0250,50\u00a0€');
    expect(formatMoney('1250', 'JPY', 'en')).to.equal('¥1,250');
    expect(formatMoney('1.005', 'KWD', 'en')).to.match(/1\.005/);
    // Beyond 2^53: exact, never through a JS number.
    expect(formatMoney('123456789012345678.91', 'EUR', 'en')).to.equal('€123,456,789,012,345,678.91');
    expect(() => formatMoney('1.001', 'EUR', 'en')).to.throw(RenderError, /EUR allows at most 2/);
    expect(() => formatMoney('1e3', 'EUR', 'en')).to.throw(RenderError);
  });

  it('chooses the language from the client language code, falling back to English', () => {
    expect(chooseLanguage('ru')).to.deep.equal({ language: 'ru', locale: 'ru' });
    expect(chooseLanguage('en-GB')).to.deep.equal({ language: 'en', locale: 'en-GB' });
    expect(chooseLanguage('de-AT')).to.deep.equal({ language: 'en', locale: 'en' });
    expect(chooseLanguage(undefined)).to.deep.equal({ language: 'en', locale: 'en' });
  });

  it('writes dates in the client language', () => {
    const params = { card: SAMPLES.card!, product: SAMPLES.product!, principal: SAMPLES.principal!, interest: SAMPLES.interest!, date: SAMPLES.date! };
    expect(render({ kind: 'deposit-matured', clientId: 'C1', params }, { language: 'en', locale: 'en' }).sms.text).to.include('November 24, 2026');
    expect(render({ kind: 'deposit-matured', clientId: 'C1', params }, { language: 'ru', locale: 'ru' }).sms.text).to.include('24 ноября 2026');
  });
});
