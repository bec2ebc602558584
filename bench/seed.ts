/**
 * Benchmark of the seed generator: generates N clients and prints the elapsed time, the
 * throughput, the number of records and the memory held afterwards.
 *
 *   npx tsx bench/seed.ts --clients 100000 [--seed 1] [--history-days 90]
 *
 * Add --json for one machine-readable line.
 */
import { generateDataset } from '../mocks/seed/generate.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`--${name} needs a non-negative integer`);
    process.exit(2);
  }
  return value;
}

const clients = option('clients', 100_000);
const seed = option('seed', 1);
const historyDays = option('history-days', 90);
const json = process.argv.includes('--json');

const started = process.hrtime.bigint();
const dataset = generateDataset({ clients, seed, historyDays });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const memory = process.memoryUsage();

const counts = {
  clients: dataset.clients.length,
  accounts: dataset.accounts.length,
  entries: dataset.entries.length,
  cards: dataset.cards.length,
  loans: dataset.loans.length,
  deposits: dataset.deposits.length,
};
const records = Object.values(counts).reduce((a, b) => a + b, 0);
const mib = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;
const result = {
  clients,
  seed,
  historyDays,
  seconds: Math.round(seconds * 1000) / 1000,
  clientsPerSecond: Math.round(clients / seconds),
  records,
  counts,
  heapUsedMiB: mib(memory.heapUsed),
  rssMiB: mib(memory.rss),
};

if (json) {
  console.log(JSON.stringify(result));
} else {
  console.log(`seed: ${clients} clients, seed ${seed}, ${historyDays} days of history`);
  console.log(`elapsed      ${result.seconds.toFixed(3)} s`);
  console.log(`throughput   ${result.clientsPerSecond} clients/s`);
  console.log(
    `records      ${records} (clients ${counts.clients}, accounts ${counts.accounts}, entries ${counts.entries}, ` +
      `cards ${counts.cards}, loans ${counts.loans}, deposits ${counts.deposits})`,
  );
  console.log(`heap used    ${result.heapUsedMiB} MiB`);
  console.log(`rss          ${result.rssMiB} MiB`);
}
