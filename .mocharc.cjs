// Every spec by default; `npx mocha <files>` runs only the files given.
const given = process.argv.slice(2).some((arg) => /\.test\.ts$/.test(arg));
module.exports = {
  'node-option': ['import=tsx'],
  ...(given ? {} : { spec: ['test/**/*.test.ts'] }),
  reporter: './test/support/reporter.cjs',
  timeout: 20000,
  exit: true,
};
