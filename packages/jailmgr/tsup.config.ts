import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
  },
  format: ['esm'],
  // tsc -b owns the composite project; tsup only needs declarations. Internal
  // declarations stay in: the bundler cannot follow references to stripped ones.
  dts: { compilerOptions: { composite: false, stripInternal: false } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
