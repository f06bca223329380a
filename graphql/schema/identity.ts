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

  "A language GreenLoop writes mail in; the mail's numbers, money and dates follow it (dates in UTC, the zone named)."
  enum MailLocale {
    "Simplified Chinese (zh-CN)."
    ZH_CN
    "English (en)."
    EN
  }

  "A company or public body that holds API keys."
  type Organization {
    "The organization's id: 24 hexadecimal digits."
    id: ID!
    "The organization's name, 1 to 200 characters."
    name: String!
    "What the organization is, which decides what its keys may do."
    kind: OrganizationKind!
    "The official company registration number, when given."
    registrationNumber: String
    """
    The language GreenLoop writes this organization's mail in: a producer's compliance reports and, for a platform,
    the expiry warnings of its consumers who have no language of their own. EN unless the organization chose.
    """
    locale: MailLocale!
    """
    Requests a minute this organization's keys may make together, as the operator set it with
    setOrganizationRateLimit. Null: the deployment's default (RATE_LIMIT_PER_MINUTE, 6,000 unless configured). A
    request over it gets HTTP 429 RATE_LIMITED naming the limit and when to retry.
    """
    requestsPerMinute: Int
    """
    The organization's API keys, oldest first, revoked ones included; first 1-100, default 20. Only the organization
    itself and the operator may read them; anyone else gets FORBIDDEN. Secrets are never shown: only their hashes
    are stored.
    """
    apiKeys(
      "Keys per page, 1 to 100; default 20."
      first: Int
      "The cursor of the key to read after; left out: from the oldest key."
      after: String
    ): ApiKeyConnection
  }

  """
  One of an organization's API keys. A key reads glk_<id>_<secret>: the id is public and names the key; the secret
  was shown once, when the key was issued, and only its SHA-256 hash is kept.
  """
  type ApiKey {
    "The key's public id, the part between glk_ and the secret."
    id: ID!
    "How the key begins, glk_<id>_, to tell keys apart."
    prefix: String!
    "When the key was issued."
    createdAt: DateTime!
    "When the key stopped working, or, while a rotation's overlap runs, when it will stop. Null: no end set."
    revokedAt: DateTime
    "Whether the key authenticates now."
    active: Boolean!
    "The id of the key this one replaced in a rotation, if any."
    replaces: ID
  }
  "One API key of an organization's list, with its cursor."
  type ApiKeyEdge {
    "Pass as after to read the keys following this one."
    cursor: String!
    "The key."
    node: ApiKey!
  }
  "A page of an organization's API keys, oldest first."
  type ApiKeyConnection {
    "The page's keys with their cursors."
    edges: [ApiKeyEdge!]!
    "The page's keys."
    nodes: [ApiKey!]!
    "Where the page lies in the whole list."
    pageInfo: PageInfo!
    "All of the organization's keys, revoked ones included."
    totalCount: Int!
  }

  "The API's reads, made with an API key in the header Authorization: Bearer <key>."
  type Query {
    "The organization the calling API key belongs to. The operator key belongs to none and gets FORBIDDEN."
    viewer: Organization!
    "Any organization by id, for the operator (the ADMIN_API_KEY) only; null when there is none. Others get FORBIDDEN."
    organization(
      "The organization's id, 24 hexadecimal digits; anything else reads as null."
      id: ID!
    ): Organization
  }

  "Which key to rotate, and how long the old one keeps working."
  input RotateApiKeyInput {
    "The key to replace. An organization may leave it out to rotate the key it calls with; the operator must name one."
    keyId: ID
    """
    How long the old key keeps working after the new one is issued, 0 to 86400 seconds (a day); default 0: it stops
    at once. An overlap lets a deployment roll out the new key first, and guards against losing the reply: with 0, a
    reply lost on the way leaves only the new key, which nobody saw (the operator can then rotate for you).
    """
    overlapSeconds: Int
  }
  "The outcome of rotateApiKey."
  type RotateApiKeyPayload {
    "The new key in clear. Shown this once: GreenLoop stores only its hash."
    apiKey: String
    "The new key's record."
    key: ApiKey
    "The old key, with the time it stops (or stopped) working."
    replaced: ApiKey
    "Why the rotation was refused; empty on success."
    userErrors: [UserError!]!
  }
  "Which key to revoke."
  input RevokeApiKeyInput {
    "The key to revoke: the id part of glk_<id>_<secret>."
    keyId: ID!
  }
  "The outcome of revokeApiKey."
  type RevokeApiKeyPayload {
    "The key as it is now, with the time it stopped working; null when refused."
    key: ApiKey
    "Why the revocation was refused; empty on success."
    userErrors: [UserError!]!
  }

  "A new organization."
  input CreateOrganizationInput {
    "1 to 200 characters of plain text; surrounding spaces are trimmed."
    name: String!
    "What the organization is; it decides what its keys may do."
    kind: OrganizationKind!
    "Up to 64 letters, digits, spaces and . / -"
    registrationNumber: String
    "Where GreenLoop sends this organization's reports; never shown to other organizations."
    contactEmail: String
    "The language of the organization's mail; default EN. Changed later with updateOrganizationPreferences."
    locale: MailLocale
  }

  "The preferences to change; a field left out stays as it is."
  input UpdateOrganizationPreferencesInput {
    "The organization to change: the operator must name one; an organization changes its own and may leave it out."
    organizationId: ID
    "The language of the organization's mail. Left out: unchanged."
    locale: MailLocale
  }
  "The outcome of updateOrganizationPreferences."
  type UpdateOrganizationPreferencesPayload {
    "The organization as it is now."
    organization: Organization
    "Why the change was refused; empty on success."
    userErrors: [UserError!]!
  }

  "Which organization, and its new rate limit."
  input SetOrganizationRateLimitInput {
    "The organization's id, 24 hexadecimal digits."
    organizationId: ID!
    "Requests a minute for all of the organization's keys together, 1 to 1,000,000; null: back to the default."
    requestsPerMinute: Int
  }
  "The outcome of setOrganizationRateLimit."
  type SetOrganizationRateLimitPayload {
    "The organization as it is now."
    organization: Organization
    "Why the change was refused; empty on success."
    userErrors: [UserError!]!
  }

  "The outcome of createOrganization."
  type CreateOrganizationPayload {
    "The new organization; null when refused."
    organization: Organization
    "The organization's first API key. Shown this once: GreenLoop stores only its hash."
    apiKey: String
    "Why the organization was refused; empty on success."
    userErrors: [UserError!]!
  }

  "The API's changes, made with an API key in the header Authorization: Bearer <key>. Refused input comes back in the payload's userErrors."
  type Mutation {
    "Creates an organization and its first API key. Operator only (the ADMIN_API_KEY). VALIDATION for a bad field."
    createOrganization(
      "The organization's name, kind and details."
      input: CreateOrganizationInput!
    ): CreateOrganizationPayload!
    """
    Issues a new API key and ends the old one, at once or after input.overlapSeconds. An organization rotates its own
    keys; the operator rotates any organization's key (even a revoked one: how a locked-out organization gets a key
    back). Two rotations at once may both issue a key; the old key is never ended before a new one is stored.
    Unknown or foreign keys: NOT_FOUND; an organization rotating an already revoked key: API_KEY_REVOKED. Only an
    organization's newest working key may rotate or revoke: a key in the overlap of its own rotation (or any older
    key) gets NOT_NEWEST_KEY. VALIDATION for an overlap out of range, or when the operator names no key.
    """
    rotateApiKey(
      "The key to replace and the overlap."
      input: RotateApiKeyInput!
    ): RotateApiKeyPayload!
    """
    Ends an API key now; requests with it then get UNAUTHENTICATED. An organization revokes its own keys (the one it
    calls with too), the operator anyone's. Revoking again changes nothing. Unknown or foreign keys: NOT_FOUND. Only
    an organization's newest working key may revoke (NOT_NEWEST_KEY otherwise), so a replaced key cannot revoke the
    key that replaced it.
    """
    revokeApiKey(
      "The key to end."
      input: RevokeApiKeyInput!
    ): RevokeApiKeyPayload!
    """
    Changes an organization's preferences: the language of its mail. An organization changes its own, the operator
    anyone's (naming it). Another organization's or an unknown one: NOT_FOUND; the operator naming none: VALIDATION.
    """
    updateOrganizationPreferences(
      "The organization and the preferences to change."
      input: UpdateOrganizationPreferencesInput!
    ): UpdateOrganizationPreferencesPayload!
    """
    Sets how many requests a minute an organization's keys may make together (operator only). Every API process
    applies it within a second. Out of range: VALIDATION; an unknown organization: NOT_FOUND.
    """
    setOrganizationRateLimit(
      "The organization and its limit."
      input: SetOrganizationRateLimitInput!
    ): SetOrganizationRateLimitPayload!
  }
`;
