// Imported first by run.ts, so it runs before graphql-js, Express and Apollo load: they read NODE_ENV once, and the
// benchmark measures them as production runs them (docs/operations.md "Production") unless the caller set NODE_ENV.
process.env.NODE_ENV ??= 'production';
