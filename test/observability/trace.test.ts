import { expect } from 'chai';
import {
  childOf,
  correlationIdOf,
  formatTraceparent,
  newSpanId,
  newTraceId,
  normaliseTracestate,
  parseTraceparent,
  readSoapTraceContext,
  soapTraceContextOf,
  startTrace,
  traceparentOf,
} from '../../hub/observability/trace.js';

// The examples of https://www.w3.org/TR/trace-context/.
const SPEC_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPEC_PARENT_ID = '00f067aa0ba902b7';
const SPEC_SAMPLED = `00-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-01`;
const SPEC_NOT_SAMPLED = `00-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-00`;
const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

describe('observability: W3C trace context', () => {
  describe('parseTraceparent', () => {
    it('reads the spec examples', () => {
      expect(parseTraceparent(SPEC_SAMPLED)).to.deep.equal({ traceId: SPEC_TRACE_ID, parentId: SPEC_PARENT_ID, flags: 1 });
      expect(parseTraceparent(SPEC_NOT_SAMPLED)).to.deep.equal({ traceId: SPEC_TRACE_ID, parentId: SPEC_PARENT_ID, flags: 0 });
    });

    const malformed: Record<string, string | undefined> = {
      absent: undefined,
      empty: '',
      'all-zero trace id': `00-${'0'.repeat(32)}-${SPEC_PARENT_ID}-01`,
      'all-zero parent id': `00-${SPEC_TRACE_ID}-${'0'.repeat(16)}-01`,
      'version ff': `ff-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-01`,
      'upper-case hex': SPEC_SAMPLED.toUpperCase(),
      'upper-case trace id only': `00-${SPEC_TRACE_ID.toUpperCase()}-${SPEC_PARENT_ID}-01`,
      'version 00 with a suffix': `${SPEC_SAMPLED}-what-the-future-will-be-like`,
      'short trace id': `00-${SPEC_TRACE_ID.slice(1)}-${SPEC_PARENT_ID}-01`,
      'long parent id': `00-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}0-01`,
      'non-hex character': `00-${SPEC_TRACE_ID.slice(0, 31)}g-${SPEC_PARENT_ID}-01`,
      'non-hex flags': `00-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-0x`,
      'wrong delimiter': `00_${SPEC_TRACE_ID}_${SPEC_PARENT_ID}_01`,
      'one-digit version': `0-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-01`,
      'leading space': ` ${SPEC_SAMPLED}`,
      'two headers joined by node': `${SPEC_SAMPLED}, 00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
      'future version with a bad separator': `cc-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-01.what-the-future-will-be-like`,
      'future version too short': `cc-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-1`,
    };
    for (const [name, value] of Object.entries(malformed)) {
      it(`rejects ${name}`, () => {
        expect(parseTraceparent(value), String(value)).to.equal(undefined);
      });
    }

    it('reads the first fields of a later version, as the spec asks', () => {
      expect(parseTraceparent(`cc-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-01-what-the-future-will-be-like`)).to.deep.equal({
        traceId: SPEC_TRACE_ID,
        parentId: SPEC_PARENT_ID,
        flags: 1,
      });
      expect(parseTraceparent(`01-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-00`)).to.deep.include({ traceId: SPEC_TRACE_ID });
    });
  });

  describe('startTrace', () => {
    it('continues a valid traceparent: same trace id, a new span whose parent is the caller', () => {
      const trace = startTrace(SPEC_SAMPLED, 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
      expect(trace).to.include({ traceId: SPEC_TRACE_ID, parentId: SPEC_PARENT_ID, flags: 1, continued: true, tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' });
      expect(trace.spanId).to.match(HEX16).and.not.equal(SPEC_PARENT_ID);
      expect(traceparentOf(trace)).to.equal(`00-${SPEC_TRACE_ID}-${trace.spanId}-01`);
    });

    it('keeps the sampled flag as received and zeroes flags it does not know', () => {
      expect(traceparentOf(startTrace(SPEC_NOT_SAMPLED))).to.match(/-00$/);
      expect(startTrace(`00-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-09`).flags).to.equal(1);
      expect(startTrace(`00-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-fe`).flags).to.equal(0);
    });

    it('answers a later version with version 00', () => {
      expect(traceparentOf(startTrace(`cc-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-01-future`))).to.match(new RegExp(`^00-${SPEC_TRACE_ID}-[0-9a-f]{16}-01$`));
    });

    it('starts a new trace when the header is absent or invalid, and drops tracestate then', () => {
      for (const header of [undefined, 'garbage', `00-${'0'.repeat(32)}-${SPEC_PARENT_ID}-01`]) {
        const trace = startTrace(header, 'rojo=00f067aa0ba902b7');
        expect(trace.continued).to.equal(false);
        expect(trace.parentId).to.equal(undefined);
        expect(trace.tracestate).to.equal(undefined);
        expect(trace.traceId).to.match(HEX32).and.not.equal(SPEC_TRACE_ID);
        expect(traceparentOf(trace)).to.match(TRACEPARENT).and.match(/-01$/);
      }
      expect(startTrace(undefined, undefined, { sampled: false }).flags).to.equal(0);
    });

    it('derives a correlation id that is a cmn:Identifier and unique per hop', () => {
      const first = startTrace(SPEC_SAMPLED);
      const second = startTrace(SPEC_SAMPLED);
      expect(correlationIdOf(first)).to.equal(`${SPEC_TRACE_ID}-${first.spanId}`);
      expect(correlationIdOf(first)).to.match(/^[A-Za-z0-9._:-]{1,64}$/);
      expect(correlationIdOf(first)).to.not.equal(correlationIdOf(second));
    });
  });

  it('generates well-formed, distinct ids', () => {
    const spans = new Set<string>();
    const traces = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const span = newSpanId();
      const trace = newTraceId();
      expect(span).to.match(HEX16);
      expect(trace).to.match(HEX32);
      spans.add(span);
      traces.add(trace);
    }
    expect(spans.size).to.equal(20_000);
    expect(traces.size).to.equal(20_000);
  });

  it('formats flags as two hex digits', () => {
    expect(formatTraceparent(SPEC_TRACE_ID, SPEC_PARENT_ID, 1)).to.equal(SPEC_SAMPLED);
    expect(formatTraceparent(SPEC_TRACE_ID, SPEC_PARENT_ID, 0xab)).to.equal(`00-${SPEC_TRACE_ID}-${SPEC_PARENT_ID}-ab`);
  });

  describe('tracestate', () => {
    it('keeps well-formed lists and removes empty members and optional whitespace', () => {
      expect(normaliseTracestate('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')).to.equal('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
      expect(normaliseTracestate(' rojo=00f067aa0ba902b7 ,\t, congo=t61rcWkgMzE ')).to.equal('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
      expect(normaliseTracestate('fw529a3039@dt=value')).to.equal('fw529a3039@dt=value');
    });

    it('drops malformed lists', () => {
      for (const bad of ['', ',', 'Rojo=1', 'rojo', 'rojo=', 'rojo=a,rojo=b', 'rojo=a=b', 'rojo=a,b@=c', '1abc=x', Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')]) {
        expect(normaliseTracestate(bad), bad).to.equal(undefined);
      }
    });

    it('truncates beyond 512 characters: long members first, then from the end', () => {
      const long = `big=${'x'.repeat(200)}`;
      const members = Array.from({ length: 30 }, (_, i) => `key${String(i).padStart(2, '0')}=${'v'.repeat(15)}`);
      const result = normaliseTracestate([members[0], long, ...members.slice(1)].join(','))!;
      expect(result.length).to.be.at.most(512);
      expect(result).to.not.contain('big=');
      expect(result.startsWith(`${members[0]},${members[1]}`)).to.equal(true);
      // 21-character members joined by commas: 23 of them fit in 512.
      expect(result.split(',')).to.deep.equal(members.slice(0, 23));
    });
  });

  describe('cmn:TraceContext header values', () => {
    it('reads the traceparent of a SOAP header as the parent of this hop', () => {
      const trace = readSoapTraceContext({ traceparent: ` ${SPEC_SAMPLED}\n`, tracestate: 'rojo=00f067aa0ba902b7' })!;
      expect(trace).to.include({ traceId: SPEC_TRACE_ID, parentId: SPEC_PARENT_ID, continued: true, tracestate: 'rojo=00f067aa0ba902b7' });
      expect(readSoapTraceContext({ traceparent: 'not-a-traceparent' })).to.equal(undefined);
      expect(readSoapTraceContext({})).to.equal(undefined);
      expect(readSoapTraceContext(undefined)).to.equal(undefined);
    });

    it('writes the values for a call this hop makes, matching the schema pattern', () => {
      const trace = childOf({ traceId: SPEC_TRACE_ID, parentId: SPEC_PARENT_ID, flags: 1 }, 'rojo=1');
      const header = soapTraceContextOf(trace);
      expect(header).to.deep.equal({ traceparent: `00-${SPEC_TRACE_ID}-${trace.spanId}-01`, tracestate: 'rojo=1' });
      expect(header.traceparent).to.match(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
      expect(soapTraceContextOf(startTrace(undefined))).to.have.all.keys('traceparent');
    });
  });
});
