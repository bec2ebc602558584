/**
 * Plausible people and places per locale for the seeded clients, all in ASCII Latin
 * letters (Russian and Kazakh names transliterated, German umlauts written ae/oe/ue, French
 * accents dropped) so that a name upper-cased is a valid embossed card name
 * ([A-Z][A-Z .'\-]). Russian and Kazakh clients have a patronymic middle name and a
 * family name in the client's gender form (Petrov / Petrova).
 */
import type { Locale } from './dataset.js';
import type { Random } from './random.js';

export interface CitySpec {
  readonly name: string;
  /** Postal code templates: '#' a random digit, '@' a random letter, anything else literal. */
  readonly postal: readonly string[];
}

export interface LocaleNames {
  /** ISO 3166 country of the locale's clients. */
  readonly country: string;
  readonly male: readonly string[];
  readonly female: readonly string[];
  /** Family names in the masculine (or only) form. */
  readonly family: readonly string[];
  readonly cities: readonly CitySpec[];
  readonly streets: readonly string[];
  /** Fictitious employers paying salaries. */
  readonly employers: readonly string[];
  /** Fictitious utility companies and landlords' agents paid by transfer. */
  readonly utilities: readonly string[];
  readonly landlords: readonly string[];
  /** The body paying state pensions. */
  readonly pensionPayer: string;
}

/** Patronymics (male, female) of the Russian given names. */
const RU_PATRONYMICS: Readonly<Record<string, readonly [string, string]>> = {
  Aleksandr: ['Aleksandrovich', 'Aleksandrovna'],
  Sergey: ['Sergeyevich', 'Sergeyevna'],
  Dmitry: ['Dmitriyevich', 'Dmitriyevna'],
  Andrey: ['Andreyevich', 'Andreyevna'],
  Aleksey: ['Alekseyevich', 'Alekseyevna'],
  Maksim: ['Maksimovich', 'Maksimovna'],
  Ivan: ['Ivanovich', 'Ivanovna'],
  Mikhail: ['Mikhaylovich', 'Mikhaylovna'],
  Nikolay: ['Nikolayevich', 'Nikolayevna'],
  Vladimir: ['Vladimirovich', 'Vladimirovna'],
  Yevgeny: ['Yevgenyevich', 'Yevgenyevna'],
  Pavel: ['Pavlovich', 'Pavlovna'],
  Artyom: ['Artyomovich', 'Artyomovna'],
  Igor: ['Igorevich', 'Igorevna'],
  Oleg: ['Olegovich', 'Olegovna'],
  Roman: ['Romanovich', 'Romanovna'],
  Viktor: ['Viktorovich', 'Viktorovna'],
  Anton: ['Antonovich', 'Antonovna'],
  Denis: ['Denisovich', 'Denisovna'],
  Kirill: ['Kirillovich', 'Kirillovna'],
  Yury: ['Yuryevich', 'Yuryevna'],
  Vasily: ['Vasilyevich', 'Vasilyevna'],
  Konstantin: ['Konstantinovich', 'Konstantinovna'],
  Ilya: ['Ilyich', 'Ilyinichna'],
  Nikita: ['Nikitich', 'Nikitichna'],
  Grigory: ['Grigoryevich', 'Grigoryevna'],
  Pyotr: ['Petrovich', 'Petrovna'],
  Boris: ['Borisovich', 'Borisovna'],
  Stanislav: ['Stanislavovich', 'Stanislavovna'],
  Vyacheslav: ['Vyacheslavovich', 'Vyacheslavovna'],
};

export const NAMES: Readonly<Record<Locale, LocaleNames>> = {
  en: {
    country: 'GB',
    male: [
      'James', 'Oliver', 'Harry', 'George', 'Jack', 'Thomas', 'William', 'Charlie', 'Daniel', 'Samuel',
      'Joseph', 'Henry', 'Edward', 'Alexander', 'Benjamin', 'Matthew', 'Christopher', 'Andrew', 'David',
      'Michael', 'Richard', 'Peter', 'Robert', 'Liam', 'Ethan', 'Noah', 'Arthur', 'Freddie',
    ],
    female: [
      'Olivia', 'Amelia', 'Isla', 'Emily', 'Sophie', 'Charlotte', 'Jessica', 'Grace', 'Lucy', 'Hannah',
      'Emma', 'Chloe', 'Ella', 'Poppy', 'Ruby', 'Alice', 'Eleanor', 'Sarah', 'Rebecca', 'Laura',
      'Katherine', 'Victoria', 'Helen', 'Rachel', 'Megan', 'Florence', 'Evie', 'Mary-Jane',
    ],
    family: [
      'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright',
      'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke',
      'Patel', 'Hughes', 'Edwards', 'Turner', "O'Connor", 'Harris', 'Cooper', 'Ward', 'Morgan', 'Bennett',
      "O'Sullivan", 'Fitzgerald-Hughes', 'McLeod', 'Khan', 'Singh',
    ],
    cities: [
      { name: 'London', postal: ['SW1# #@@', 'SE# #@@', 'E1# #@@', 'N# #@@', 'NW# #@@', 'W# #@@'] },
      { name: 'Manchester', postal: ['M# #@@', 'M1# #@@'] },
      { name: 'Birmingham', postal: ['B# #@@', 'B1# #@@'] },
      { name: 'Leeds', postal: ['LS# #@@', 'LS1# #@@'] },
      { name: 'Glasgow', postal: ['G# #@@', 'G1# #@@'] },
      { name: 'Liverpool', postal: ['L# #@@', 'L1# #@@'] },
      { name: 'Bristol', postal: ['BS# #@@'] },
      { name: 'Sheffield', postal: ['S# #@@', 'S1# #@@'] },
      { name: 'Edinburgh', postal: ['EH# #@@', 'EH1# #@@'] },
      { name: 'Cardiff', postal: ['CF1# #@@', 'CF2# #@@'] },
      { name: 'Nottingham', postal: ['NG# #@@'] },
      { name: 'Newcastle upon Tyne', postal: ['NE# #@@'] },
      { name: 'Leicester', postal: ['LE# #@@'] },
      { name: 'Southampton', postal: ['SO1# #@@'] },
      { name: 'Oxford', postal: ['OX# #@@'] },
      { name: 'Cambridge', postal: ['CB# #@@'] },
      { name: 'Brighton', postal: ['BN# #@@'] },
      { name: 'York', postal: ['YO# #@@'] },
      { name: 'Bath', postal: ['BA# #@@'] },
      { name: 'Belfast', postal: ['BT# #@@'] },
    ],
    streets: [
      'High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Green Lane', 'Manor Road', 'Park Avenue',
      'Queens Road', 'King Street', 'Mill Lane', 'The Crescent', 'Grange Road', 'Kingsway', 'Albert Road',
      'Elm Grove', 'Oak Avenue', 'London Road', 'York Road', 'Chapel Street', 'Springfield Road', 'Church Street',
      'Windsor Road', 'Highfield Road', 'North Street', "St John's Road", 'Meadow Close', 'Beech Drive',
    ],
    employers: [
      'Thames Valley Logistics Ltd', 'Northgate Retail plc', 'Pennine Engineering Ltd', 'Brightwater Health Services',
      'Oakfield Software Ltd', 'Harbour and Crane Insurance plc', 'Mersey Foods Ltd', 'Kingsbridge Borough Council',
      'Redwood Consulting LLP', 'Albion Rail Services Ltd',
    ],
    utilities: ['Northern Energy Supply Ltd', 'Riverside Water Services', 'Citywide Broadband Ltd', 'Kingsbridge Council Tax'],
    landlords: ['Greenleaf Lettings Ltd', 'Castle Property Management', 'Homestead Estates Ltd'],
    pensionPayer: 'DWP State Pension',
  },
  de: {
    country: 'DE',
    male: [
      'Lukas', 'Maximilian', 'Felix', 'Jonas', 'Leon', 'Paul', 'Elias', 'Noah', 'Ben', 'Finn', 'Thomas',
      'Michael', 'Andreas', 'Stefan', 'Christian', 'Markus', 'Sebastian', 'Tobias', 'Juergen', 'Klaus',
      'Wolfgang', 'Uwe', 'Matthias', 'Florian', 'Jan', 'Philipp', 'Karl-Heinz', 'Dieter',
    ],
    female: [
      'Anna', 'Lena', 'Laura', 'Julia', 'Sarah', 'Lea', 'Hannah', 'Sophie', 'Marie', 'Emma', 'Mia',
      'Katharina', 'Sabine', 'Petra', 'Claudia', 'Andrea', 'Monika', 'Ursula', 'Birgit', 'Stefanie', 'Nicole',
      'Franziska', 'Johanna', 'Greta', 'Anne-Marie', 'Gisela', 'Heike',
    ],
    family: [
      'Mueller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
      'Schaefer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schroeder', 'Neumann', 'Schwarz', 'Zimmermann',
      'Braun', 'Krueger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause', 'Meier', 'Lehmann',
      'von Berg', 'Schmidt-Hansen', 'Yilmaz', 'Kowalski',
    ],
    cities: [
      { name: 'Berlin', postal: ['10###', '12###', '13###'] },
      { name: 'Hamburg', postal: ['20###', '21###', '22###'] },
      { name: 'Muenchen', postal: ['80###', '81###'] },
      { name: 'Koeln', postal: ['50###', '51###'] },
      { name: 'Frankfurt am Main', postal: ['60###', '65###'] },
      { name: 'Stuttgart', postal: ['70###'] },
      { name: 'Duesseldorf', postal: ['40###'] },
      { name: 'Leipzig', postal: ['04###'] },
      { name: 'Dortmund', postal: ['44###'] },
      { name: 'Essen', postal: ['45###'] },
      { name: 'Bremen', postal: ['28###'] },
      { name: 'Dresden', postal: ['01###'] },
      { name: 'Hannover', postal: ['30###'] },
      { name: 'Nuernberg', postal: ['90###'] },
      { name: 'Bonn', postal: ['53###'] },
      { name: 'Heidelberg', postal: ['69###'] },
      { name: 'Freiburg im Breisgau', postal: ['79###'] },
      { name: 'Mannheim', postal: ['68###'] },
      { name: 'Kiel', postal: ['24###'] },
      { name: 'Rostock', postal: ['18###'] },
    ],
    streets: [
      'Hauptstrasse', 'Bahnhofstrasse', 'Gartenstrasse', 'Schulstrasse', 'Dorfstrasse', 'Bergstrasse', 'Lindenstrasse',
      'Kirchstrasse', 'Goethestrasse', 'Schillerstrasse', 'Waldstrasse', 'Ringstrasse', 'Friedrichstrasse',
      'Berliner Strasse', 'Muehlenweg', 'Am Markt', 'Parkstrasse', 'Rosenweg', 'Birkenweg', 'Wiesenstrasse',
      'Kastanienallee', 'Luisenstrasse', 'Mozartstrasse', 'Blumenstrasse', 'Feldstrasse', 'Am Sonnenhang',
    ],
    employers: [
      'Nordlicht Logistik GmbH', 'Rheinwerk Maschinenbau AG', 'Stadtwerke Mittelstadt GmbH', 'Alpenblick Klinikum gGmbH',
      'Hansa Software GmbH', 'Elbtal Versicherung AG', 'Schwarzwald Feinkost GmbH', 'Landratsamt Nordkreis',
      'Weserbau GmbH und Co. KG', 'Isartal Consulting GmbH',
    ],
    utilities: ['Stadtwerke Mittelstadt GmbH', 'Rheinstrom Energie AG', 'Netzfunk Telekommunikation GmbH', 'Gasversorgung Nord GmbH'],
    landlords: ['Wohnbau Nord GmbH', 'Immobilien Hausverwaltung Keller', 'Stadtbau Wohnungsgesellschaft mbH'],
    pensionPayer: 'Deutsche Rentenversicherung',
  },
  fr: {
    country: 'FR',
    male: [
      'Jean', 'Pierre', 'Michel', 'Philippe', 'Alain', 'Nicolas', 'Francois', 'Laurent', 'Julien', 'Thomas',
      'Antoine', 'Louis', 'Hugo', 'Lucas', 'Gabriel', 'Arthur', 'Mathieu', 'Sebastien', 'Olivier', 'Christophe',
      'Jean-Pierre', 'Jean-Luc', 'Emmanuel', 'Guillaume', 'Vincent', 'Baptiste', 'Remi',
    ],
    female: [
      'Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Sophie', 'Camille', 'Julie', 'Chloe', 'Emma',
      'Lea', 'Manon', 'Ines', 'Jade', 'Louise', 'Alice', 'Claire', 'Helene', 'Celine', 'Aurelie', 'Marie-Claire',
      'Anne-Sophie', 'Margaux', 'Pauline', 'Valerie', 'Elodie', 'Agathe',
    ],
    family: [
      'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
      'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier',
      'Morel', 'Girard', 'Andre', 'Lefevre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'Francois', 'Martinez',
      'Le Gall', 'Saint-Clair', "D'Almeida", 'Nguyen',
    ],
    cities: [
      { name: 'Paris', postal: ['7500#', '7501#'] },
      { name: 'Marseille', postal: ['1300#', '1301#'] },
      { name: 'Lyon', postal: ['6900#'] },
      { name: 'Toulouse', postal: ['310##'] },
      { name: 'Nice', postal: ['060##'] },
      { name: 'Nantes', postal: ['440##'] },
      { name: 'Strasbourg', postal: ['670##'] },
      { name: 'Montpellier', postal: ['340##'] },
      { name: 'Bordeaux', postal: ['330##'] },
      { name: 'Lille', postal: ['590##'] },
      { name: 'Rennes', postal: ['350##'] },
      { name: 'Reims', postal: ['510##'] },
      { name: 'Le Havre', postal: ['766##'] },
      { name: 'Grenoble', postal: ['380##'] },
      { name: 'Dijon', postal: ['210##'] },
      { name: 'Angers', postal: ['490##'] },
      { name: 'Aix-en-Provence', postal: ['131##'] },
      { name: 'Tours', postal: ['370##'] },
      { name: 'Clermont-Ferrand', postal: ['630##'] },
      { name: 'Brest', postal: ['292##'] },
    ],
    streets: [
      'rue de la Paix', 'avenue Victor Hugo', 'boulevard Saint-Michel', 'rue du Faubourg Saint-Antoine', 'rue de Rivoli',
      'avenue Jean Jaures', 'rue Pasteur', 'rue de la Republique', 'place de la Mairie', 'rue des Lilas',
      'chemin des Vignes', 'allee des Tilleuls', 'rue Gambetta', 'avenue de la Gare', 'rue du Moulin', 'rue Nationale',
      'boulevard Voltaire', 'rue Lafayette', 'rue des Ecoles', 'impasse des Roses', 'rue de la Liberte',
      'avenue du General de Gaulle', 'rue Jean Moulin', 'quai de la Loire', 'rue Saint-Jacques',
    ],
    employers: [
      'Transports du Rhone SAS', 'Boulangeries Lemoine SARL', 'Clinique des Alpes SA', 'Logiciels Atlantique SAS',
      'Mairie de Villeneuve', 'Assurances du Littoral SA', 'Ateliers Mecaniques de Loire SAS', 'Conseil Horizon SARL',
      'Vignobles de Garonne SCEA', 'Hexagone Distribution SA',
    ],
    utilities: ['Energie Provence SA', 'Eaux de la Vallee SAS', 'Fibre Ouest Telecom SAS', 'Tresor Public Impots'],
    landlords: ['Cabinet Immobilier Duval', 'Residences du Parc SCI', 'Gestion Locative Moreau SARL'],
    pensionPayer: 'Assurance Retraite CNAV',
  },
  ru: {
    country: 'RU',
    male: Object.keys(RU_PATRONYMICS),
    female: [
      'Anna', 'Yelena', 'Olga', 'Natalya', 'Tatyana', 'Irina', 'Svetlana', 'Mariya', 'Yekaterina', 'Anastasiya',
      'Yuliya', 'Marina', 'Darya', 'Polina', 'Sofiya', 'Viktoriya', 'Kseniya', 'Alina', 'Galina', 'Lyudmila',
      'Valentina', 'Vera', 'Nadezhda', 'Alyona', 'Oksana', 'Yevgeniya', 'Larisa',
    ],
    family: [
      'Ivanov', 'Smirnov', 'Kuznetsov', 'Popov', 'Vasilyev', 'Petrov', 'Sokolov', 'Mikhaylov', 'Novikov', 'Fyodorov',
      'Morozov', 'Volkov', 'Alekseyev', 'Lebedev', 'Semyonov', 'Yegorov', 'Pavlov', 'Kozlov', 'Stepanov', 'Nikolayev',
      'Orlov', 'Andreyev', 'Makarov', 'Nikitin', 'Zakharov', 'Zaytsev', 'Solovyov', 'Borisov', 'Sidorov', 'Belov',
      'Kovalevsky', 'Ilyin', 'Vinogradov', 'Kovalenko', 'Tolstoy', 'Golubev',
    ],
    cities: [
      { name: 'Moskva', postal: ['1#####'] },
      { name: 'Sankt-Peterburg', postal: ['19####'] },
      { name: 'Novosibirsk', postal: ['630###'] },
      { name: 'Yekaterinburg', postal: ['620###'] },
      { name: 'Kazan', postal: ['420###'] },
      { name: 'Nizhny Novgorod', postal: ['603###'] },
      { name: 'Chelyabinsk', postal: ['454###'] },
      { name: 'Samara', postal: ['443###'] },
      { name: 'Omsk', postal: ['644###'] },
      { name: 'Rostov-na-Donu', postal: ['344###'] },
      { name: 'Ufa', postal: ['450###'] },
      { name: 'Krasnoyarsk', postal: ['660###'] },
      { name: 'Voronezh', postal: ['394###'] },
      { name: 'Perm', postal: ['614###'] },
      { name: 'Volgograd', postal: ['400###'] },
      { name: 'Krasnodar', postal: ['350###'] },
      { name: 'Tyumen', postal: ['625###'] },
      { name: 'Irkutsk', postal: ['664###'] },
      { name: 'Yaroslavl', postal: ['150###'] },
      { name: 'Vladivostok', postal: ['690###'] },
    ],
    streets: [
      'ul. Lenina', 'ul. Tverskaya', 'prospekt Mira', 'ul. Sadovaya', 'ul. Pushkina', 'ul. Gagarina', 'ul. Sovetskaya',
      'Nevsky prospekt', 'ul. Molodezhnaya', 'ul. Tsentralnaya', 'ul. Shkolnaya', 'ul. Lesnaya', 'ul. Novaya',
      'ul. Naberezhnaya', 'ul. Kirova', 'ul. Chekhova', 'Leninsky prospekt', 'ul. Zelenaya', 'ul. Gorkogo',
      'ul. Mayakovskogo', 'Kutuzovsky prospekt', 'ul. Lermontova', 'ul. Oktyabrskaya', 'ul. Polevaya', 'ul. Komsomolskaya',
    ],
    employers: [
      'OOO Severnaya Zvezda', 'AO Volga Logistika', 'OOO Uralskie Stanki', 'GBUZ Gorodskaya Bolnitsa No 5',
      'OOO Tsifrovye Resheniya', 'AO Sibirskaya Energiya', 'OOO Stroytrest', 'PAO Baltiyskiy Terminal',
      'OOO Agrokompleks Kuban', 'MBOU Shkola No 17',
    ],
    utilities: ['MUP Gorvodokanal', 'OOO Upravlyayushchaya Kompaniya Dom', 'AO Energosbyt', 'OOO Svyaz Telekom'],
    landlords: ['OOO Arenda Plyus', 'OOO Zhilfond Servis', 'AN Kvartirny Vopros'],
    pensionPayer: 'Sotsialny Fond Rossii',
  },
  kk: {
    country: 'KZ',
    male: [
      'Nurlan', 'Serik', 'Yerlan', 'Askar', 'Marat', 'Bolat', 'Kairat', 'Daniyar', 'Arman', 'Azamat', 'Timur',
      'Aidos', 'Yerzhan', 'Dauren', 'Yerbol', 'Ruslan', 'Aslan', 'Bauyrzhan', 'Temirlan', 'Alibek', 'Sanzhar',
      'Dias', 'Miras', 'Medet', 'Talgat', 'Berik', 'Galym', 'Almas', 'Nurbol', 'Zhandos',
    ],
    female: [
      'Aigerim', 'Aizhan', 'Dana', 'Gulnara', 'Saule', 'Aliya', 'Dinara', 'Zhanna', 'Asel', 'Ainur', 'Madina',
      'Kamila', 'Aruzhan', 'Togzhan', 'Ayana', 'Akbota', 'Zarina', 'Meruyert', 'Gaukhar', 'Assem', 'Indira',
      'Karina', 'Moldir', 'Nazerke', 'Symbat', 'Tomiris', 'Balnur', 'Dariga',
    ],
    family: [
      'Akhmetov', 'Omarov', 'Nurlanov', 'Suleimenov', 'Iskakov', 'Zhumabayev', 'Abdrakhmanov', 'Ospanov',
      'Baimukhamedov', 'Tulegenov', 'Serikbayev', 'Kassymov', 'Zhakupov', 'Mukhametzhanov', 'Sadykov', 'Yesenov',
      'Bekmukhambetov', 'Kuanyshev', 'Dzhaksybekov', 'Amanov', 'Yermekov', 'Utepov', 'Sarsenbayev', 'Myrzakhmetov',
      'Nurpeisov', 'Zhunusov', 'Baigaliyev', 'Tokhtarov', 'Rakhimov', 'Kenzhebekov', 'Kim', 'Li',
    ],
    cities: [
      { name: 'Almaty', postal: ['0500##'] },
      { name: 'Astana', postal: ['0100##'] },
      { name: 'Shymkent', postal: ['1600##'] },
      { name: 'Karaganda', postal: ['1000##'] },
      { name: 'Aktobe', postal: ['0300##'] },
      { name: 'Taraz', postal: ['0800##'] },
      { name: 'Pavlodar', postal: ['1400##'] },
      { name: 'Ust-Kamenogorsk', postal: ['0700##'] },
      { name: 'Semey', postal: ['0714##'] },
      { name: 'Atyrau', postal: ['0600##'] },
      { name: 'Kostanay', postal: ['1100##'] },
      { name: 'Kyzylorda', postal: ['1200##'] },
      { name: 'Uralsk', postal: ['0900##'] },
      { name: 'Petropavlovsk', postal: ['1500##'] },
      { name: 'Aktau', postal: ['1300##'] },
      { name: 'Turkestan', postal: ['1612##'] },
      { name: 'Kokshetau', postal: ['0200##'] },
      { name: 'Taldykorgan', postal: ['0400##'] },
      { name: 'Ekibastuz', postal: ['1414##'] },
      { name: 'Temirtau', postal: ['1013##'] },
    ],
    streets: [
      'prospekt Abaya', 'prospekt Dostyk', 'ul. Satpayeva', 'ul. Tole Bi', 'ul. Zheltoksan', 'ul. Kabanbay Batyra',
      'prospekt Al-Farabi', 'ul. Baytursynova', 'ul. Furmanova', 'ul. Gogolya', 'prospekt Raiymbeka', 'ul. Auezova',
      'prospekt Respubliki', 'ul. Kenesary', 'ul. Kunayeva', 'prospekt Mangilik Yel', 'ul. Turkestan', 'ul. Syganak',
      'ul. Zhandosova', 'ul. Timiryazeva', 'ul. Makatayeva', 'ul. Nauryzbay Batyra', 'prospekt Abylay Khana',
      'mkr. Samal-2', 'mkr. Aksay-4',
    ],
    employers: [
      'TOO Dala Logistics', 'AO KazAgroTrade', 'TOO Almaty Soft', 'GKP Gorodskaya Poliklinika No 3', 'TOO Steppe Energy',
      'AO Kaspiy Terminal', 'TOO Astana Stroy Invest', 'TOO Shymkent Textile', 'KGU Shkola-gimnaziya No 12',
      'TOO Altyn Dala Agro',
    ],
    utilities: ['TOO Alatau Zharyk Energosbyt', 'GKP Vodokanal', 'AO Teplokommunenergo', 'TOO Kaz Telecom Servis'],
    landlords: ['TOO Arenda Service KZ', 'TOO Zhilstroy Management', 'TOO Nedvizhimost Plus'],
    pensionPayer: 'GK Pravitelstvo dlya grazhdan',
  },
};

/** The patronymic middle name of a Russian or Kazakh client whose father is fatherGiven. */
export function patronymic(locale: Locale, fatherGiven: string, female: boolean): string {
  const known = RU_PATRONYMICS[fatherGiven];
  if (known) return female ? known[1] : known[0];
  // Kazakh given names here all end in a consonant: Nurlan → Nurlanovich / Nurlanovna.
  if (locale === 'kk' || locale === 'ru') return `${fatherGiven}${female ? 'ovna' : 'ovich'}`;
  throw new RangeError(`no patronymics in locale ${locale}`);
}

/** The family name in the client's gender form: Petrov → Petrova, Kovalevsky → Kovalevskaya. */
export function familyNameForm(locale: Locale, family: string, female: boolean): string {
  if (!female || (locale !== 'ru' && locale !== 'kk')) return family;
  if (/(ov|ev|yov|in|yn)$/.test(family)) return `${family}a`;
  if (/sky$/.test(family)) return `${family.slice(0, -1)}aya`;
  if (/skiy$/.test(family)) return `${family.slice(0, -2)}aya`;
  if (/oy$/.test(family)) return `${family.slice(0, -2)}aya`;
  return family;
}

/**
 * The name to emboss on a card (ISO/IEC 7813 name, crm:EmbossedName and
 * crd:CardholderName): GIVEN FAMILY in upper case, at most 26 characters, shortened to the
 * initial of the given name, then to the family name cut at a letter, when too long.
 */
export function embossedName(givenName: string, familyName: string): string {
  const given = givenName.toUpperCase();
  const family = familyName.toUpperCase();
  let name = `${given} ${family}`;
  if (name.length > 26) name = `${given.charAt(0)}. ${family}`;
  if (name.length > 26) name = name.slice(0, 26);
  // Must end with a letter or a dot, never a space, hyphen or apostrophe.
  name = name.replace(/[ '-]+$/, '');
  return name;
}

const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A postal code from a template ('#' digit, '@' letter). */
export function postalCode(rng: Random, template: string): string {
  let out = '';
  for (const ch of template) {
    if (ch === '#') out += rng.digits(1);
    else if (ch === '@') out += rng.chars(1, POSTCODE_LETTERS);
    else out += ch;
  }
  return out;
}

/** The street lines of an address written the way the locale writes them. */
export function addressLines(rng: Random, locale: Locale): string[] {
  const street = rng.pick(NAMES[locale].streets);
  const house = rng.int(1, rng.chance(0.8) ? 60 : 180);
  switch (locale) {
    case 'en':
      return rng.chance(0.3) ? [`Flat ${rng.int(1, 40)}`, `${house} ${street}`] : [`${house} ${street}`];
    case 'de':
      return [`${street} ${house}${rng.chance(0.1) ? rng.pick(['a', 'b', 'c']) : ''}`];
    case 'fr':
      return rng.chance(0.2)
        ? [`Appartement ${rng.int(1, 60)}`, `${house}${rng.chance(0.1) ? ' bis' : ''} ${street}`]
        : [`${house}${rng.chance(0.1) ? ' bis' : ''} ${street}`];
    case 'ru':
    case 'kk':
      return rng.chance(0.15) ? [`${street}, d. ${house}`] : [`${street}, d. ${house}, kv. ${rng.int(1, 320)}`];
  }
}
