// ESLint flat config: typescript-eslint strict, type-aware.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

// GraphQL files are linted by graphql-eslint, with one graphql-config for all of them (the plugin keeps the first it
// loads): a project per client, each its operations against schema.graphql, so operation names need only be unique
// within a client. `npm run codegen` types the operations (scripts/operations-codegen.ts).
const OPERATIONS = { web: 'web/src/operations.graphql', scripts: 'scripts/operations.graphql', bench: 'bench/operations.graphql' };
const graphqlLanguage = {
  parser: graphqlPlugin.parser,
  parserOptions: {
    graphQLConfig: {
      projects: Object.fromEntries(Object.entries(OPERATIONS).map(([name, documents]) => [name, { schema: 'schema.graphql', documents }])),
    },
  },
};

// The contract itself: graphql-eslint's schema-recommended and schema-relay sets, with every element described
// (docs/api.md, "The endpoint and the contract").
const graphqlSchema = {
  files: ['schema.graphql'],
  languageOptions: graphqlLanguage,
  plugins: { '@graphql-eslint': graphqlPlugin },
  rules: {
    ...graphqlPlugin.configs['flat/schema-recommended'].rules,
    ...graphqlPlugin.configs['flat/schema-relay'].rules,
    '@graphql-eslint/require-description': ['error', {
      types: true, rootField: true, DirectiveDefinition: true,
      FieldDefinition: true, InputValueDefinition: true, EnumValueDefinition: true,
    }],
    // The recommended conventions, but `PackagingType` keeps its name: it is the public contract's (API.md).
    '@graphql-eslint/naming-convention': ['error', {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules['@graphql-eslint/naming-convention'][1],
      'ObjectTypeDefinition,ObjectTypeExtension': { forbiddenPrefixes: ['Type'] },
    }],
    // Connections are Relay's, but nodes need not implement a `Node` interface (no global object lookup), and
    // plain lists of values (materials, lines of a report) are lists, not connections.
    '@graphql-eslint/relay-edge-types': ['error', { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false }],
    // Every paged list reads forward; lists a client reads newest first (credit entries) also take last/before.
    '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
    // Objects with an identity carry `id: ID!`. These are values (parts of another object, figures computed for a
    // period) or the caller's own versioned settings, which docs/api.md's client example keys by other fields.
    '@graphql-eslint/strict-id-in-types': ['error', {
      exceptions: {
        suffixes: ['Payload', 'Connection', 'Edge'],
        types: [
          'UserError', 'PageInfo', 'Dimensions', 'Classification', 'GradeBand', 'HeavyMetalLimits', 'PhthalateLimits',
          'SubstanceLimits', 'GreenRule', 'SizeClass', 'ReducedRule', 'SizeBand', 'ClassPrice', 'GreenLevel',
          'ChoiceCredits', 'GreenLevelRule', 'CreditExpiry', 'ComplianceFeeBand', 'ComplianceLine', 'RankingRow',
          'GreenImpact', 'CompliancePeriodSummary', 'RecyclingLine', 'PlacedOnMarketLine', 'ReuseFigures',
          'GeoPoint', 'OpeningHours', 'CollectionPointDistance',
          'PricingRules', 'EarningRules', 'ConsumerContact',
          'CreditLiability', 'FeeSimulation', 'UnmetParcelSize', 'MaterialBaseFee', 'MaterialCarbonFactor', 'CampaignCredit', 'GradeFeeBand', 'RecyclingTargetStep', 'MaterialTarget', 'ShareTargetStep', 'UnitsTargetStep',
        ],
      },
    }],
  },
};

// Each client's operations: graphql-eslint's operations-recommended set.
const graphqlOperations = {
  files: Object.values(OPERATIONS),
  languageOptions: graphqlLanguage,
  plugins: { '@graphql-eslint': graphqlPlugin },
  rules: graphqlPlugin.configs['flat/operations-recommended'].rules,
};

// The layers of the service (docs/architecture.md), top to bottom; every import runs downward:
//   app/ (the composition root)
//   interface: graphql/, jobs/ (worker and processors), server/http/, server/metrics/
//   services: server/services/
//   infrastructure: server/db/, server/mail/, server/queues/, server/*.ts (config, logger, clock, outage, change feed)
//   domain: server/domain/ (pure: no I/O, no mongoose, no clock; imports nothing else of the project)
// Import specifiers are relative, so a folder is matched as a path segment of the specifier.
const segment = (...folders) => `(^|/)(${folders.join('|')})/`;
const layer = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });
const upward = (folders, what) => ({ regex: segment(...folders), message: `${what} may not import from ${folders.join('/, ')}/: imports run downward (docs/architecture.md)` });
// Entry points read what a service returns (its views: `PackagingTypeView`, `OrganizationView`, ...), never the stored
// documents of server/db/models/; server/db/keys.ts (the ids and keys the API shows) stays open to them.
const storage = (what) => ({ regex: '(^|/)db/models/', message: `${what} may not import storage documents from server/db/models/: it reads the views the services return (docs/architecture.md)` });
const IO_PACKAGES = ['mongoose', 'mongodb', 'bull', 'ioredis', 'nodemailer', 'express', 'pino', 'node:*'];
const domainImports = (leavesDomain) => [
  { regex: leavesDomain, message: 'the domain imports nothing outside server/domain/ (docs/architecture.md)' },
  { group: IO_PACKAGES, message: 'the domain is pure: no I/O packages or Node built-ins; pass in what it needs (docs/architecture.md)' },
];
const layering = [
  layer(['graphql/**/*.ts'], [upward(['app'], 'graphql/'), upward(['jobs', 'http'], 'graphql/ (an entry point)'), storage('graphql/')]),
  layer(['jobs/**/*.ts'], [upward(['app'], 'jobs/'), upward(['graphql', 'http'], 'jobs/ (an entry point)'), storage('jobs/')]),
  layer(['server/http/**/*.ts'], [upward(['app'], 'server/http/'), upward(['graphql', 'jobs'], 'server/http/ (an entry point)'), storage('server/http/')]),
  layer(['server/metrics/**/*.ts'], [upward(['app', 'graphql', 'jobs', 'http'], 'server/metrics/'), storage('server/metrics/')]),
  layer(['server/services/**/*.ts'], [upward(['app', 'graphql', 'jobs', 'http', 'metrics'], 'a service')]),
  layer(['server/db/**/*.ts', 'server/mail/**/*.ts', 'server/queues/**/*.ts', 'server/*.ts'],
    [upward(['app', 'graphql', 'jobs', 'http', 'metrics', 'services'], 'infrastructure')]),
  layer(['server/domain/*.ts'], domainImports('^\\.\\./')),
  layer(['server/domain/*/**/*.ts'], domainImports('^\\.\\./\\.\\./')),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.cache/', '.data/', 'bench/results/', 'eslint.config.js', '**/generated/'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked],
  },
  graphqlSchema,
  graphqlOperations,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      // mongoose types its schema options and lean documents as class instances that are plain objects by design.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // chai assertions are property accesses (`expect(x).to.be.true`)
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    files: ['scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  ...layering,
);
