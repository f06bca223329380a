export const recyclingTypeDefs = /* GraphQL */ `
  "Where packaging comes back, run by a collector."
  type CollectionPoint {
    id: ID!
    name: String!
    "An administrative region code, e.g. CN-31."
    region: String!
    operator: Organization!
    "Loose packaging materials it takes; any point takes reusable units back."
    accepts: [Material!]!
  }
  input CollectionPointInput { name: String! "1 to 32 letters, digits and dashes; stored upper case." region: String! accepts: [Material!]! }
  type CollectionPointPayload { collectionPoint: CollectionPoint userErrors: [UserError!]! }
  type CollectionPointEdge { cursor: String! node: CollectionPoint! }
  type CollectionPointConnection { edges: [CollectionPointEdge!]! nodes: [CollectionPoint!]! pageInfo: PageInfo! totalCount: Int! }

  enum UnitStatus { IN_STOCK SHIPPED RETURNED RETIRED LOST }
  "A reusable packaging unit, by the serial printed on it. Its status and cycles follow from its recorded trips."
  type ReusableUnit {
    serial: String!
    packagingType: PackagingType!
    status: UnitStatus!
    "Completed trips: shipped and returned."
    cycles: Int!
  }
  "Serials for units of one of the caller's REUSABLE packaging types: 1 to 1000, each 4-64 of A-Z a-z 0-9 . _ -, unique forever."
  input IssueUnitsInput { packagingTypeId: ID! serials: [String!]! }
  type IssueUnitsPayload { units: [ReusableUnit!]! userErrors: [UserError!]! }
  "A unit packed into an order that chose reusable packaging of the unit's type."
  input ShipmentInput {
    orderRef: String!
    serial: String!
    "Where the order goes (a region code such as CN-31), when known: it lets returns in that region be checked against shipments."
    region: String
  }
  type ShipmentPayload { unit: ReusableUnit userErrors: [UserError!]! }

  "Packaging brought back to a collection point: a reusable unit by serial, or loose packaging by material, count and mass."
  input ReturnInput {
    collectionPointId: ID!
    "Same key and input returns the first return; same key, other input: IDEMPOTENCY_KEY_REUSED."
    idempotencyKey: String!
    "A reusable unit: credited to the consumer its order shipped to, and its deposit refunded."
    serial: String
    material: Material
    "Items of loose packaging, 1 to 1000."
    quantity: Int
    "Their mass, 1 to 1000000 g."
    massGrams: Int
    "Who brought the loose packaging, when known: they earn credits per item."
    platformId: ID
    consumerRef: String
    "Loose packaging only: its packaging type, when the collector can tell (it must be of the material given). Its mass then counts toward that type's producer's recovery; without it (or producerId) the mass is reported as unattributed."
    packagingTypeId: ID
    "Loose packaging only: the producer whose packaging it is, when the type is unknown. Not with packagingTypeId."
    producerId: ID
  }
  "A recorded return. A flagged one earns and refunds nothing until a review clears it."
  type ReturnEvent {
    id: ID!
    serial: String
    material: Material!
    quantity: Int!
    massGrams: Int!
    collectionPoint: CollectionPoint!
    flagged: Boolean!
    "Why the anomaly rules flagged it, in words."
    reasons: [String!]!
    "The anomaly rules version that judged it."
    ruleVersion: String!
    review: ReturnReview
    createdAt: DateTime!
  }
  type RecordReturnPayload { returnEvent: ReturnEvent userErrors: [UserError!]! }
  type ReturnEventEdge { cursor: String! node: ReturnEvent! }
  type ReturnEventConnection { edges: [ReturnEventEdge!]! nodes: [ReturnEvent!]! pageInfo: PageInfo! totalCount: Int! }

  enum ReviewDecision { CLEARED REJECTED }
  "The one review of a flagged return."
  type ReturnReview { decision: ReviewDecision! note: String reviewer: Organization! reviewedAt: DateTime! }
  "Cleared: the return earns its credits and refunds its deposit. Rejected: it never does. A return is reviewed once."
  input ReviewReturnInput { returnId: ID! decision: ReviewDecision! "Up to 500 characters." note: String }
  type ReviewReturnPayload { returnEvent: ReturnEvent userErrors: [UserError!]! }

  "A deposit the platform owes a consumer because a reusable unit from their order came back."
  type DepositRefund { serial: String! orderRef: String! consumerRef: String! amountMinor: Int! currency: String! createdAt: DateTime! }
  type DepositRefundEdge { cursor: String! node: DepositRefund! }
  type DepositRefundConnection { edges: [DepositRefundEdge!]! nodes: [DepositRefund!]! pageInfo: PageInfo! totalCount: Int! }

  extend type Query {
    "Every collection point, oldest first (any organization)."
    collectionPoints(first: Int, after: String): CollectionPointConnection!
    "A reusable unit by serial: any organization scans any unit, except that a producer sees only its own. Null when no unit has it (that the caller may see)."
    reusableUnit(serial: String!): ReusableUnit
    "Flagged returns for review, oldest first: a REGULATOR sees all, a COLLECTOR its own. Unreviewed only unless asked."
    flaggedReturns(unreviewedOnly: Boolean = true, first: Int, after: String): ReturnEventConnection!
    "Deposit refunds the calling platform owes, in the order the units came back (PLATFORM)."
    depositRefunds(first: Int, after: String): DepositRefundConnection!
  }

  extend type Mutation {
    "Registers a collection point the caller runs (COLLECTOR). The same point again returns it."
    registerCollectionPoint(input: CollectionPointInput!): CollectionPointPayload!
    "Issues serials for reusable units (PRODUCER). Issuing the same serials for the same type again returns them."
    issueReusableUnits(input: IssueUnitsInput!): IssueUnitsPayload!
    "Records which unit was packed into which order (PLATFORM). An order that chose REUSABLE packaging paid one deposit and ships one unit: a second unit, or the same unit again after it came back, is ALREADY_SHIPPED (the same unit again while it is out is a replay). UNKNOWN_ORDER, ORDER_CLOSED."
    recordShipment(input: ShipmentInput!): ShipmentPayload!
    "Records packaging returned at one of the caller's collection points (COLLECTOR). UNIT_NOT_SHIPPED, DUPLICATE_RETURN."
    recordReturn(input: ReturnInput!): RecordReturnPayload!
    "Clears or rejects a flagged return (REGULATOR, or the COLLECTOR that recorded it)."
    reviewReturn(input: ReviewReturnInput!): ReviewReturnPayload!
  }
`;
