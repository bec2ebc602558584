/** The conformance report: one line per check, a score, and JUnit XML for CI systems. */
import { escapeText } from '../../common/soap/codec.js';

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: 'pass' | 'fail';
  readonly detail?: string;
  readonly durationMs: number;
}

export interface ConformanceReport {
  readonly contract: string;
  readonly endpoint: string;
  readonly results: readonly CheckResult[];
  readonly passed: number;
  readonly failed: number;
  /** Passed checks in percent, one decimal. */
  readonly score: number;
}

export function summarise(contract: string, endpoint: string, results: readonly CheckResult[]): ConformanceReport {
  const passed = results.filter((result) => result.status === 'pass').length;
  const failed = results.length - passed;
  const score = results.length === 0 ? 0 : Math.round((passed / results.length) * 1000) / 10;
  return { contract, endpoint, results, passed, failed, score };
}

export function formatText(report: ConformanceReport): string {
  const lines = report.results.map((result) => {
    const mark = result.status === 'pass' ? 'PASS' : 'FAIL';
    return `${mark}  ${result.id}  ${result.title}${result.detail ? ` — ${result.detail}` : ''}`;
  });
  return [
    `Conformance of ${report.contract} at ${report.endpoint}`,
    ...lines,
    `score: ${report.score}% (${report.passed} of ${report.results.length} checks passed, ${report.failed} failed)`,
  ].join('\n');
}

export function formatJUnit(report: ConformanceReport): string {
  const totalSeconds = report.results.reduce((sum, result) => sum + result.durationMs, 0) / 1000;
  const cases = report.results.map((result) => {
    const open = `  <testcase classname="conformance.${escapeAttribute(report.contract)}" name="${escapeAttribute(`${result.id} ${result.title}`)}" time="${(result.durationMs / 1000).toFixed(3)}"`;
    if (result.status === 'pass') return `${open}/>`;
    return `${open}>\n    <failure message="${escapeAttribute(result.detail ?? 'failed')}">${escapeText(result.detail ?? '')}</failure>\n  </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="conformance.${escapeAttribute(report.contract)}" tests="${report.results.length}" failures="${report.failed}" errors="0" time="${totalSeconds.toFixed(3)}">
${cases.join('\n')}
</testsuite>
`;
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
