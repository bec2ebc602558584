#!/usr/bin/env node
// Runs the TypeScript sources through tsx where it is installed (a development
// checkout), and the compiled build otherwise (a production image without dev tools).
let tsx;
try {
  tsx = await import('tsx/esm/api');
} catch {
  tsx = undefined;
}
if (tsx) {
  tsx.register();
  await import('../hub/main.ts');
} else {
  await import('../build/dist/hub/main.js');
}
