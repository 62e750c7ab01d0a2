#!/usr/bin/env -S node --experimental-strip-types
// Node runs the TypeScript sources directly (type stripping), so there is no build step.
await import('../src/module-loading.ts');
await import('../src/cli/main.ts');
