/**
 * Card merchants of the seeded history: ISO 18245 merchant category codes with matching
 * merchant names per locale, a relative frequency and a typical amount range in euro
 * (scaled to the account's currency by the generator).
 */
import type { Locale } from './dataset.js';

export interface MerchantCategory {
  /** ISO 18245 merchant category code. */
  readonly mcc: string;
  readonly description: string;
  /** Relative frequency among card payments. */
  readonly weight: number;
  /** Typical amount range, euro-equivalent major units. */
  readonly minEur: number;
  readonly maxEur: number;
  /** Merchants per locale; `any` for the locales without their own list. */
  readonly merchants: Readonly<Partial<Record<Locale | 'any', readonly string[]>>>;
}

/** The MCC of cash withdrawals at an ATM: the generator names the bank's own ATM. */
export const ATM_MCC = '6011';

export const MERCHANT_CATEGORIES: readonly MerchantCategory[] = [
  {
    mcc: '5411', description: 'Grocery Stores, Supermarkets', weight: 30, minEur: 4, maxEur: 140,
    merchants: {
      en: ['Tesco', "Sainsbury's", 'Asda', 'Morrisons', 'Waitrose', 'Aldi', 'Lidl', 'Co-op Food'],
      de: ['REWE', 'EDEKA', 'Lidl', 'Aldi Sued', 'Kaufland', 'Netto Marken-Discount', 'Penny'],
      fr: ['Carrefour', 'E.Leclerc', 'Auchan', 'Intermarche', 'Monoprix', 'Franprix', 'Lidl'],
      ru: ['Pyaterochka', 'Magnit', 'Perekrestok', 'Lenta', 'VkusVill', 'Dixy', 'Azbuka Vkusa'],
      kk: ['Magnum Cash and Carry', 'Small', 'Galmart', 'Anvar', 'Toimart', 'Green Market'],
    },
  },
  {
    mcc: '5499', description: 'Miscellaneous Food Stores, Convenience Stores', weight: 8, minEur: 2, maxEur: 25,
    merchants: {
      en: ['Londis', 'SPAR', 'Premier Stores', 'One Stop'],
      de: ['Baeckerei Kamps', 'BackWerk', 'SPAR Express', 'Kiosk am Bahnhof'],
      fr: ['Paul Boulangerie', 'Boulangerie Ange', 'Carrefour City', 'Picard'],
      ru: ['Khlebnitsa', 'Krasnoe i Beloe', 'Bristol', 'Khleb Nasushchny'],
      kk: ['Kulinariya Gastronom', 'Bakeriya', 'Dastarkhan', 'Arzan'],
    },
  },
  {
    mcc: '5812', description: 'Eating Places, Restaurants', weight: 8, minEur: 12, maxEur: 140,
    merchants: {
      en: ["Nando's", 'Wagamama', 'Pizza Express', 'The Red Lion Kitchen', 'Dishoom'],
      de: ['Vapiano', 'Gasthaus zum Loewen', 'Block House', "L'Osteria"],
      fr: ['Bistrot du Coin', 'Brasserie Flo', 'Hippopotamus', "Le Relais de l'Entrecote"],
      ru: ['Teremok', 'Tanuki', 'Shokoladnitsa', 'Kofemania', 'Varenichnaya No 1'],
      kk: ['Navat', 'Del Papa', 'Rumi', 'Mamma Mia', 'Kishlak'],
    },
  },
  {
    mcc: '5814', description: 'Fast Food Restaurants', weight: 10, minEur: 3, maxEur: 25,
    merchants: {
      en: ["McDonald's", 'Greggs', 'Pret A Manger', 'Costa Coffee', 'KFC', 'Subway'],
      de: ["McDonald's", 'Burger King', 'Subway', 'Nordsee', 'Dean and David'],
      fr: ["McDonald's", 'Quick', 'Burger King', 'Columbus Cafe', 'Brioche Doree'],
      ru: ['Vkusno i tochka', "Rostic's", 'Burger King', 'Shaurma No 1', 'Coffee Like'],
      kk: ['Salam Bro', 'KFC', 'Burger King', 'Coffee Boom', "Hardee's"],
    },
  },
  {
    mcc: '5813', description: 'Drinking Places (Bars, Taverns)', weight: 2, minEur: 5, maxEur: 60,
    merchants: {
      en: ['The Crown', 'The Kings Arms', 'The Old Bell'],
      de: ['Kneipe zum Anker', 'Biergarten am See', 'Brauhaus Sion'],
      fr: ['Bar Le Zinc', 'Le Comptoir', 'Cafe des Sports'],
      ru: ['Bar Kvartira', 'Pivnaya 01', 'Zhiguli Bar'],
      kk: ['Line Brew', 'Pivnoy Dom', 'Chukotka Bar'],
    },
  },
  {
    mcc: '5541', description: 'Service Stations', weight: 6, minEur: 25, maxEur: 95,
    merchants: {
      en: ['Shell', 'BP', 'Esso', 'Texaco'],
      de: ['Aral', 'Shell', 'Esso', 'JET', 'TotalEnergies'],
      fr: ['TotalEnergies', 'Esso', 'Intermarche Carburant', 'Avia'],
      ru: ['Lukoil', 'Gazpromneft', 'Rosneft', 'Tatneft'],
      kk: ['Helios', 'KazMunayGas', 'Sinooil', 'Gazpromneft'],
    },
  },
  {
    mcc: '5912', description: 'Drug Stores and Pharmacies', weight: 5, minEur: 3, maxEur: 60,
    merchants: {
      en: ['Boots', 'Superdrug', 'Lloyds Pharmacy'],
      de: ['Apotheke am Markt', 'Linden-Apotheke', 'Stern-Apotheke', 'Rathaus-Apotheke'],
      fr: ['Pharmacie Centrale', 'Pharmacie du Marche', 'Grande Pharmacie de la Gare'],
      ru: ['Apteka Rigla', 'Apteka 36.6', 'Ozerki', 'Zdorov.ru'],
      kk: ['Europharma', 'Apteka Sadyhan', 'Biosfera', 'Apteka Plus'],
    },
  },
  {
    mcc: '4111', description: 'Local and Suburban Commuter Passenger Transportation', weight: 8, minEur: 2, maxEur: 60,
    merchants: {
      en: ['TfL Travel', 'National Rail', 'Stagecoach Bus', 'Northern Trains'],
      de: ['BVG Berlin', 'Deutsche Bahn', 'MVG Muenchen', 'HVV Hamburg'],
      fr: ['RATP', 'SNCF Connect', 'TCL Lyon', 'Navigo'],
      ru: ['Moskovskoe Metro', 'Troika', 'RZhD', 'Mosgortrans'],
      kk: ['Onay', 'Almaty Metropoliten', 'Astana Avtobus', 'KTZ Passenger'],
    },
  },
  {
    mcc: '4121', description: 'Taxicabs and Limousines', weight: 5, minEur: 5, maxEur: 45,
    merchants: {
      en: ['Uber', 'Bolt', 'Addison Lee'],
      de: ['Uber', 'FREENOW', 'Taxi Berlin'],
      fr: ['Uber', 'G7 Taxi', 'Heetch', 'Bolt'],
      ru: ['Yandex Go', 'Citymobil', 'Maxim Taxi'],
      kk: ['Yandex Go', 'inDrive', 'Uber'],
    },
  },
  {
    mcc: '5311', description: 'Department Stores', weight: 3, minEur: 15, maxEur: 220,
    merchants: {
      en: ['John Lewis', 'Marks and Spencer', 'Selfridges'],
      de: ['Galeria', 'KaDeWe', 'Breuninger'],
      fr: ['Galeries Lafayette', 'Printemps', 'BHV Marais'],
      ru: ['TsUM', 'GUM', 'Universam Dom'],
      kk: ['TsUM Almaty', 'Mega Alma-Ata', 'Dostyk Plaza', 'Khan Shatyr'],
    },
  },
  {
    mcc: '5651', description: 'Family Clothing Stores', weight: 3, minEur: 15, maxEur: 180,
    merchants: {
      any: ['Zara', 'Uniqlo', 'Mango', 'Bershka'],
      en: ['Primark', 'Next', 'Zara', 'Uniqlo'],
      de: ['Peek und Cloppenburg', 'C und A', 'Zara', 'Esprit'],
      fr: ['Kiabi', 'Celio', 'Zara', 'Jules'],
      ru: ['Gloria Jeans', 'Befree', 'Zarina', 'Sportmaster'],
      kk: ['LC Waikiki', 'Koton', 'DeFacto', 'Sportmaster'],
    },
  },
  {
    mcc: '5732', description: 'Electronics Stores', weight: 1, minEur: 20, maxEur: 900,
    merchants: {
      en: ['Currys', 'Argos', 'Apple Store'],
      de: ['MediaMarkt', 'Saturn', 'Cyberport'],
      fr: ['Fnac', 'Darty', 'Boulanger'],
      ru: ['M.Video', 'DNS', 'Eldorado'],
      kk: ['Sulpak', 'Technodom', 'Mechta.kz'],
    },
  },
  {
    mcc: '5942', description: 'Book Stores', weight: 1, minEur: 6, maxEur: 45,
    merchants: {
      en: ['Waterstones', 'WHSmith'],
      de: ['Thalia', 'Hugendubel'],
      fr: ['Gibert Joseph', 'Librairie Mollat', 'Cultura'],
      ru: ['Chitay-gorod', 'Bukvoed', 'Moskovsky Dom Knigi'],
      kk: ['Meloman', 'Polyandria', 'Marwin'],
    },
  },
  {
    mcc: '4814', description: 'Telecommunication Services', weight: 2, minEur: 8, maxEur: 50,
    merchants: {
      en: ['Vodafone UK', 'EE Limited', 'O2 UK', 'Three UK'],
      de: ['Telekom Deutschland', 'Vodafone GmbH', 'O2 Telefonica'],
      fr: ['Orange', 'SFR', 'Bouygues Telecom', 'Free Mobile'],
      ru: ['MTS', 'MegaFon', 'Beeline', 'T2 Mobile'],
      kk: ['Beeline KZ', 'Kcell', 'Tele2 Altel', 'Activ'],
    },
  },
  {
    mcc: '5815', description: 'Digital Goods Media: Books, Movies, Music', weight: 2, minEur: 4, maxEur: 18,
    merchants: {
      any: ['Netflix.com', 'Spotify', 'Apple.com/bill', 'Google Play', 'Disney Plus', 'YouTube Premium'],
      ru: ['Yandex Plus', 'Kinopoisk', 'Okko', 'VK Muzyka', 'Ivi.ru'],
      kk: ['Netflix.com', 'Spotify', 'Yandex Plus', 'Kinopoisk', 'Apple.com/bill'],
    },
  },
  {
    mcc: '5999', description: 'Miscellaneous and Specialty Retail Stores', weight: 4, minEur: 6, maxEur: 160,
    merchants: {
      en: ['Amazon UK', 'eBay', 'Etsy'],
      de: ['Amazon.de', 'Otto', 'Zalando', 'eBay'],
      fr: ['Amazon.fr', 'Cdiscount', 'Vinted', 'Leboncoin'],
      ru: ['Ozon', 'Wildberries', 'Yandex Market', 'AliExpress'],
      kk: ['Wildberries', 'Ozon', 'Flip.kz', 'AliExpress'],
    },
  },
  {
    mcc: '5977', description: 'Cosmetic Stores', weight: 2, minEur: 5, maxEur: 80,
    merchants: {
      en: ['The Body Shop', 'Lush', 'Space NK'],
      de: ['dm-drogerie markt', 'Rossmann', 'Douglas'],
      fr: ['Sephora', 'Yves Rocher', 'Nocibe'],
      ru: ['Zolotoe Yabloko', 'Letual', 'Podruzhka'],
      kk: ['Sephora Almaty', 'Letual', 'Jasmin'],
    },
  },
  {
    mcc: '7230', description: 'Beauty and Barber Shops', weight: 1, minEur: 15, maxEur: 70,
    merchants: {
      en: ['Toni and Guy', 'Headmasters', 'Rush Hair'],
      de: ['Friseur Haarwerk', 'Klier Friseur'],
      fr: ['Franck Provost', 'Jean Louis David', 'Dessange'],
      ru: ['Chop-Chop', 'Persona', 'Studiya Krasoty Elena'],
      kk: ['OldBoy Barbershop', 'Frisor', 'Salon Aruzhan'],
    },
  },
  {
    mcc: '7832', description: 'Motion Picture Theaters', weight: 1, minEur: 7, maxEur: 30,
    merchants: {
      en: ['Odeon Cinemas', 'Vue', 'Cineworld'],
      de: ['CineStar', 'UCI Kinowelt', 'CinemaxX'],
      fr: ['Pathe', 'UGC', 'MK2'],
      ru: ['Karo Film', 'Kinomaks', 'Formula Kino'],
      kk: ['Kinopark', 'Chaplin Cinemas', 'Arman 3D'],
    },
  },
  {
    mcc: '4511', description: 'Airlines, Air Carriers', weight: 0.4, minEur: 50, maxEur: 600,
    merchants: {
      en: ['British Airways', 'easyJet', 'Ryanair'],
      de: ['Lufthansa', 'Eurowings', 'Condor'],
      fr: ['Air France', 'Transavia', 'easyJet'],
      ru: ['Aeroflot', 'S7 Airlines', 'Pobeda', 'Ural Airlines'],
      kk: ['Air Astana', 'FlyArystan', 'SCAT Airlines'],
    },
  },
  {
    mcc: '7011', description: 'Lodging: Hotels, Motels, Resorts', weight: 0.4, minEur: 60, maxEur: 450,
    merchants: {
      any: ['Booking.com', 'Hilton', 'Marriott', 'Ibis', 'Holiday Inn'],
      ru: ['Ostrovok.ru', 'Azimut Hotels', 'Cosmos Hotel'],
      kk: ['Rixos', 'Kazzhol Hotel', 'Booking.com'],
    },
  },
  {
    mcc: ATM_MCC, description: 'Financial Institutions: Automated Cash Disbursements', weight: 4, minEur: 20, maxEur: 300,
    merchants: { any: ['ATM'] },
  },
];

/** The merchants of a category for a locale. */
export function merchantsOf(category: MerchantCategory, locale: Locale): readonly string[] {
  const list = category.merchants[locale] ?? category.merchants.any;
  if (!list || list.length === 0) throw new Error(`MCC ${category.mcc} has no merchants for ${locale}`);
  return list;
}
