export const identityTypeDefs = /* GraphQL */ `
  "What an organization is to GreenLoop; it decides what its API keys may do."
  enum OrganizationKind {
    "An e-commerce checkout: asks for packaging options, records choices and orders, redeems consumers' credits."
    PLATFORM
    "A packaging producer: registers packaging types, reports recycling, answers for what it placed on the market."
    PRODUCER
    "A collection station, courier or recycler: records returned packaging and reusable units."
    COLLECTOR
    "A regulator: reads compliance, rankings and evidence across everyone, never consumer identities."
    REGULATOR
  }

  "A company or public body that holds API keys."
  type Organization {
    id: ID!
    name: String!
    kind: OrganizationKind!
    "The official company registration number, when given."
    registrationNumber: String
  }

  type Query {
    "The organization the calling API key belongs to. The operator key belongs to none and gets FORBIDDEN."
    viewer: Organization!
  }

  input CreateOrganizationInput {
    "1 to 200 characters."
    name: String!
    kind: OrganizationKind!
    "Up to 64 letters, digits, spaces and . / -"
    registrationNumber: String
    "Where GreenLoop sends this organization's reports; never shown to other organizations."
    contactEmail: String
  }

  type CreateOrganizationPayload {
    organization: Organization
    "The organization's first API key. Shown this once: GreenLoop stores only its hash."
    apiKey: String
    userErrors: [UserError!]!
  }

  type Mutation {
    "Creates an organization and its first API key. Operator only (the ADMIN_API_KEY)."
    createOrganization(input: CreateOrganizationInput!): CreateOrganizationPayload!
  }
`;
