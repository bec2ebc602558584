import { expect } from 'chai';
import { CONTRACTS, contractFile } from '../../common/contracts/catalog.js';
import { filesOf } from '../../common/contracts/http.js';
import { contentOf, loadSchemaSet, type Particle, type SchemaSet } from '../../common/contracts/schema-model.js';
import { loadWsdlModel } from '../../common/contracts/wsdl-model.js';
import { localOf, parseXml, qname, readXml } from '../../common/xml/dom.js';
import { numericTypeUses, undocumentedWsdl, undocumentedXsd } from './contract-lint.js';

const CMN = 'urn:dbp:common:v1';

function hasIdempotencyKey(schema: SchemaSet, element: string): boolean {
  const declaration = schema.elements.get(element);
  const type = typeof declaration?.type === 'string' ? schema.complexTypes.get(declaration.type) : declaration?.type;
  if (!type || type.kind !== 'complex') return false;
  const names = (particles: readonly Particle[]): string[] =>
    particles.flatMap((particle) => (particle.kind === 'element' ? [localOf(particle.name)] : names(particle.particles)));
  return names(contentOf(schema, type)).includes('idempotencyKey');
}

describe('contracts', () => {
  it('the catalog lists the four contracts with versioned namespaces', () => {
    expect(CONTRACTS.map((contract) => contract.name)).to.deep.equal(['CoreBanking', 'Cards', 'Crm', 'CacheControl']);
    for (const contract of CONTRACTS) expect(contract.namespace).to.match(/^urn:dbp:[a-z]+:v1$/);
  });

  for (const contract of CONTRACTS) {
    describe(contract.name, () => {
      it('documents every element, attribute, type and enumeration value of its schemas', () => {
        for (const file of filesOf(contract.wsdl).filter((name) => name.endsWith('.xsd'))) {
          expect(undocumentedXsd(readXml(contractFile(file))), file).to.deep.equal([]);
        }
      });

      it('documents the WSDL: definitions, messages, port type, operations, bindings, service and ports', () => {
        expect(undocumentedWsdl(readXml(contractFile(contract.wsdl)))).to.deep.equal([]);
      });

      it('never carries amounts as binary numbers', () => {
        for (const file of filesOf(contract.wsdl)) {
          expect(numericTypeUses(readXml(contractFile(file))), file).to.deep.equal([]);
        }
      });

      it('is document/literal wrapped with a SOAP 1.1 and a SOAP 1.2 binding of every operation', () => {
        const wsdl = loadWsdlModel(contract);
        expect(wsdl.targetNamespace).to.equal(contract.namespace);
        expect(wsdl.portType).to.equal(`${contract.name}PortType`);
        expect(wsdl.operations.length).to.be.greaterThan(0);
        const names = wsdl.operations.map((op) => op.name);
        expect(new Set(names).size, 'operation names are unique').to.equal(names.length);
        for (const op of wsdl.operations) {
          expect(op.input, op.name).to.equal(qname(contract.namespace, op.name));
          expect(op.output, op.name).to.equal(qname(contract.namespace, `${op.name}Response`));
          expect(op.faults, op.name).to.deep.equal(['ServiceFault']);
        }
        expect(wsdl.bindings.map((binding) => binding.soapVersion).sort()).to.deep.equal(['1.1', '1.2']);
        for (const binding of wsdl.bindings) {
          expect([...binding.actions.keys()].sort(), binding.name).to.deep.equal([...names].sort());
          for (const [operation, action] of binding.actions) expect(action).to.equal(`${contract.namespace}/${operation}`);
        }
        expect(wsdl.service).to.equal(`${contract.name}Service`);
        expect(wsdl.ports.map((port) => port.name).sort()).to.deep.equal([`${contract.name}Soap11`, `${contract.name}Soap12`]);
        for (const port of wsdl.ports) expect(port.address.endsWith(contract.endpointPath), port.name).to.equal(true);
      });

      it('gives every operation its fault codes from the catalog and a retry rule that matches its idempotency', () => {
        const wsdl = loadWsdlModel(contract);
        const schema = loadSchemaSet(contract.wsdl);
        const catalog = new Set(schema.simpleTypes.get(qname(CMN, 'FaultCode'))?.facets.enumerations.map((item) => item.value));
        expect(catalog.size).to.be.greaterThan(20);
        for (const op of wsdl.operations) {
          expect(op.documentation.length, `${op.name} has prose`).to.be.greaterThan(40);
          expect(op.faultCodes.length, `${op.name} lists its faults`).to.be.greaterThan(0);
          for (const code of op.faultCodes) expect(catalog.has(code), `${op.name}: ${code} is in the catalog`).to.equal(true);
          expect(op.retry, `${op.name} states a retry rule`).to.not.equal(undefined);
          const keyed = hasIdempotencyKey(schema, op.input);
          if (keyed) expect(op.retry, `${op.name} carries an idempotency key`).to.equal('safe with the same idempotencyKey');
          if (op.retry === 'safe with the same idempotencyKey') expect(keyed, `${op.name} needs an idempotencyKey element`).to.equal(true);
          if (keyed) expect(op.faultCodes, op.name).to.include('IDEMPOTENCY_CONFLICT');
        }
      });

      it('declares every element and type it references', () => {
        const schema = loadSchemaSet(contract.wsdl);
        const known = (name: string): boolean =>
          name.startsWith('{http://www.w3.org/2001/XMLSchema}') || schema.complexTypes.has(name) || schema.simpleTypes.has(name);
        const check = (particles: readonly Particle[], where: string): void => {
          for (const particle of particles) {
            if (particle.kind !== 'element') {
              check(particle.particles, where);
            } else if (typeof particle.type === 'string') {
              expect(known(particle.type), `${where}/${localOf(particle.name)}: ${particle.type}`).to.equal(true);
            } else if (particle.type.kind === 'complex') {
              check(contentOf(schema, particle.type), `${where}/${localOf(particle.name)}`);
            }
          }
        };
        for (const [name, type] of schema.complexTypes) check(contentOf(schema, type), localOf(name));
        for (const [name, element] of schema.elements) {
          if (typeof element.type === 'string') expect(known(element.type), name).to.equal(true);
          else if (element.type.kind === 'complex') check(contentOf(schema, element.type), localOf(name));
        }
      });
    });
  }

  describe('the lint rules themselves', () => {
    it('find an undocumented element, enumeration value and operation', () => {
      const xsd = parseXml(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
        <xs:element name="documented"><xs:annotation><xs:documentation>Yes.</xs:documentation></xs:annotation></xs:element>
        <xs:element name="bare" type="xs:string"/>
        <xs:simpleType name="Kind"><xs:annotation><xs:documentation>Kinds.</xs:documentation></xs:annotation>
          <xs:restriction base="xs:string"><xs:enumeration value="A"/></xs:restriction></xs:simpleType>
        <xs:complexType name="Amount"><xs:annotation><xs:documentation>x</xs:documentation></xs:annotation>
          <xs:sequence><xs:element name="value" type="xs:decimal"><xs:annotation><xs:documentation>v</xs:documentation></xs:annotation></xs:element></xs:sequence></xs:complexType>
      </xs:schema>`);
      expect(undocumentedXsd(xsd)).to.deep.equal(['/element[bare]', '/simpleType[Kind]/restriction/enumeration[A]']);
      expect(numericTypeUses(xsd)).to.deep.equal(['element value uses xs:decimal']);
      const wsdl = parseXml(`<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" name="X">
        <wsdl:documentation>X.</wsdl:documentation>
        <wsdl:portType name="P"><wsdl:documentation>P.</wsdl:documentation><wsdl:operation name="Op"/></wsdl:portType>
      </wsdl:definitions>`);
      expect(undocumentedWsdl(wsdl)).to.deep.equal(['/definitions[X]/portType[P]/operation[Op]']);
    });
  });
});
