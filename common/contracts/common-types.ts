/**
 * Plain shapes of the cmn: complex types that the hub's store and the mock back offices
 * both keep (wsdl/common/v1/common.xsd): a person's name, a postal address, contacts.
 */

/** cmn:PersonName. */
export interface PersonName {
  readonly givenName: string;
  readonly middleName?: string;
  readonly familyName: string;
}

/** cmn:Address. */
export interface PostalAddress {
  readonly line: readonly string[];
  readonly city: string;
  readonly postalCode?: string;
  readonly country: string;
}

/** cmn:ContactDetails. */
export interface ContactDetails {
  readonly phone?: string;
  readonly email?: string;
  readonly address?: PostalAddress;
}
