export const recyclingTypeDefs = /* GraphQL */ `
  "Where packaging comes back, run by a collector."
  type CollectionPoint {
    "The collection point's id, as recordReturn takes it."
    id: ID!
    "Its name, unique among its collector's points."
    name: String!
    "An administrative region code, e.g. CN-31."
    region: String!
    "The COLLECTOR organization that runs it and records its returns."
    operator: Organization!
    "Loose packaging materials it takes."
    accepts: [Material!]!
    "The formats of reusable units it takes back (BOX, MAILER, ENVELOPE, BAG): every one unless its collector listed some."
    reusableFormats: [PackagingFormat!]!
    "Where it is; null for a point registered without one (it is then never among nearestCollectionPoints)."
    location: GeoPoint
    "Its street address, as the collector wrote it; null when not given."
    address: String
    "Weekly opening hours in timeZone; empty when not given (whether it is open is then unknown)."
    openingHours: [OpeningHours!]!
    "The IANA time zone of its opening hours, e.g. Asia/Shanghai; UTC when not given."
    timeZone: String!
  }
  "A place on the map, in degrees (WGS 84)."
  type GeoPoint {
    "Latitude, -90 to 90."
    lat: Float!
    "Longitude, -180 to 180."
    lng: Float!
  }
  "A place on the map, in degrees (WGS 84)."
  input GeoPointInput {
    "Latitude, -90 to 90."
    lat: Float!
    "Longitude, -180 to 180."
    lng: Float!
  }
  "A day of the week."
  enum Weekday {
    "Monday."
    MON
    "Tuesday."
    TUE
    "Wednesday."
    WED
    "Thursday."
    THU
    "Friday."
    FRI
    "Saturday."
    SAT
    "Sunday."
    SUN
  }
  "One opening interval on one weekday, in the point's time zone: open from opens up to (not including) closes."
  type OpeningHours {
    "The weekday."
    day: Weekday!
    "Opening time, HH:MM."
    opens: String!
    "Closing time, HH:MM (24:00 for midnight)."
    closes: String!
  }
  "One opening interval on one weekday, in the point's time zone."
  input OpeningHoursInput {
    "The weekday."
    day: Weekday!
    "Opening time, HH:MM (00:00 to 23:59)."
    opens: String!
    "Closing time, HH:MM after opens (24:00 for midnight)."
    closes: String!
  }
  "A collection point near a place, and how far it is."
  type CollectionPointDistance {
    "The point."
    collectionPoint: CollectionPoint!
    "Great-circle distance from the place asked about, whole metres."
    distanceMeters: Int!
    "Whether it is open now in its time zone; null when its opening hours are not known."
    openNow: Boolean
  }
  "A collection point to register. Registering the same name, region and materials again returns the existing point."
  input CollectionPointInput {
    "1 to 200 characters of plain text, unique among the caller's points."
    name: String!
    "1 to 32 letters, digits and dashes; stored upper case."
    region: String!
    "The loose packaging materials it takes: at least one, each listed once."
    accepts: [Material!]!
    "Where it is, so platforms can find it with nearestCollectionPoints."
    location: GeoPointInput
    "Its street address, up to 300 characters of plain text."
    address: String
    "Weekly opening hours in timeZone, at most 21 intervals."
    openingHours: [OpeningHoursInput!]
    "The IANA time zone of the opening hours, e.g. Asia/Shanghai; default UTC."
    timeZone: String
    "The formats of reusable units it takes back, each BOX, MAILER, ENVELOPE or BAG (another format: VALIDATION); left out: every format; empty: none."
    reusableFormats: [PackagingFormat!]
  }
  "The result of registerCollectionPoint."
  type CollectionPointPayload {
    "The point registered (or found again); null when userErrors is not empty."
    collectionPoint: CollectionPoint
    "Why the point was not registered; empty on success."
    userErrors: [UserError!]!
  }
  "One collection point in a page, with its cursor."
  type CollectionPointEdge {
    "Pass as after to read the points after this one."
    cursor: String!
    "The collection point."
    node: CollectionPoint!
  }
  "A page of collection points, oldest first."
  type CollectionPointConnection {
    "The page's points with their cursors."
    edges: [CollectionPointEdge!]!
    "The page's points, without cursors."
    nodes: [CollectionPoint!]!
    "Where the page lies in the list."
    pageInfo: PageInfo!
    "How many collection points there are in all."
    totalCount: Int!
  }

  "Where a reusable unit is in its life, as its recorded trips add up."
  enum UnitStatus {
    "Issued and never shipped: ready for its first trip."
    IN_STOCK
    "Packed into an order and not back yet."
    SHIPPED
    "Back at a collection point from its latest trip: ready to ship again."
    RETURNED
    "Out of service for good: it ships no more and cannot be returned."
    RETIRED
    "Presumed lost: shipped more than 90 days ago and not back. Its deposit stays with the platform; it may still be returned, but earns nothing for that trip."
    LOST
  }
  "A reusable packaging unit, by the serial printed on it. Its status and cycles follow from its recorded trips."
  type ReusableUnit {
    "The serial: a unit's identity, unique forever (client caches key the unit by it)."
    id: ID!
    "The serial printed on the unit, unique forever."
    serial: String!
    "The producer's REUSABLE packaging type the unit was issued for."
    packagingType: PackagingType!
    "Where the unit is now."
    status: UnitStatus!
    "Completed trips: shipped and returned."
    cycles: Int!
  }
  "Serials for units of one of the caller's REUSABLE packaging types: 1 to 1000, each 4-64 of A-Z a-z 0-9 . _ -, unique forever."
  input IssueUnitsInput {
    "One of the caller's packaging types, of class REUSABLE."
    packagingTypeId: ID!
    "1 to 1000 serials, each listed once: 4 to 64 letters, digits and . _ -, starting with a letter or digit."
    serials: [String!]!
  }
  "The result of issueReusableUnits."
  type IssueUnitsPayload {
    "The units, in the order of the serials given; empty when userErrors is not."
    units: [ReusableUnit!]!
    "Why no unit was issued; empty on success."
    userErrors: [UserError!]!
  }
  "A unit packed into an order that chose reusable packaging of the unit's type."
  input ShipmentInput {
    "The calling platform's reference of the order, as given when its packaging was chosen: 1 to 128 letters, digits and . _ : @ # / -."
    orderRef: String!
    "The serial of an IN_STOCK or RETURNED unit of the packaging type the order chose."
    serial: String!
    "Where the order goes (a region code such as CN-31), when known: it lets returns in that region be checked against shipments."
    region: String
  }
  "The result of recordShipment."
  type ShipmentPayload {
    "The unit, now SHIPPED; null when userErrors is not empty."
    unit: ReusableUnit
    "Why the shipment was not recorded; empty on success."
    userErrors: [UserError!]!
  }

  "Packaging brought back to a collection point: a reusable unit by serial, or loose packaging by material, count and mass."
  input ReturnInput {
    "One of the caller's collection points."
    collectionPointId: ID!
    "1 to 200 printable ASCII characters, no spaces. Same key and input returns the first return; same key, other input: IDEMPOTENCY_KEY_REUSED."
    idempotencyKey: String!
    "A reusable unit's serial (then give none of the other optional fields): credited to the consumer its order shipped to, and its deposit refunded."
    serial: String
    "Loose packaging only (required then): its material, one the collection point accepts."
    material: Material
    "Loose packaging only (required then): items of loose packaging, 1 to 1000."
    quantity: Int
    "Loose packaging only (required then): their total mass, 1 to 1000000 g."
    massGrams: Int
    "Loose packaging only: the PLATFORM whose consumer brought it, when known, given together with consumerRef. That consumer earns credits per item."
    platformId: ID
    "Loose packaging only: the platform's reference of the consumer who brought it, with platformId; 1 to 128 letters, digits and . _ : @ # / -."
    consumerRef: String
    "Loose packaging only: its packaging type, when the collector can tell (it must be of the material given). Its mass then counts toward that type's producer's recovery; without it (or producerId) the mass is reported as unattributed."
    packagingTypeId: ID
    "Loose packaging only: the producer whose packaging it is, when the type is unknown. Not with packagingTypeId."
    producerId: ID
  }
  "A recorded return. A flagged one earns and refunds nothing until a review clears it."
  type ReturnEvent {
    "The return's id, as reviewReturn takes it."
    id: ID!
    "The reusable unit's serial; null for loose packaging."
    serial: String
    "The loose packaging's material, or the unit's packaging type's material."
    material: Material!
    "Items returned: 1 for a reusable unit."
    quantity: Int!
    "Mass returned in grams: for a unit, its packaging type's mass."
    massGrams: Int!
    "Where it was returned."
    collectionPoint: CollectionPoint!
    "True when the anomaly rules found it implausible: it then waits for a review."
    flagged: Boolean!
    "Why the anomaly rules flagged it, in words."
    reasons: [String!]!
    "The anomaly rules version that judged it."
    ruleVersion: String!
    "The review of a flagged return; null until it is reviewed, and always for one not flagged."
    review: ReturnReview
    "When the collector recorded it."
    createdAt: DateTime!
  }
  "The result of recordReturn."
  type RecordReturnPayload {
    "The return recorded (or the first one under the same idempotency key); null when userErrors is not empty."
    returnEvent: ReturnEvent
    "Why the return was not recorded; empty on success."
    userErrors: [UserError!]!
  }
  "One return in a page, with its cursor."
  type ReturnEventEdge {
    "Pass as after to read the returns after this one."
    cursor: String!
    "The return."
    node: ReturnEvent!
  }
  "A page of returns, oldest first."
  type ReturnEventConnection {
    "The page's returns with their cursors."
    edges: [ReturnEventEdge!]!
    "The page's returns, without cursors."
    nodes: [ReturnEvent!]!
    "Where the page lies in the list."
    pageInfo: PageInfo!
    "How many returns the list holds in all, over every page."
    totalCount: Int!
  }

  "What a review decided about a flagged return."
  enum ReviewDecision {
    "The return is genuine: it earns its credits and refunds its deposit. Only a REGULATOR may clear."
    CLEARED
    "The return does not count: it never earns credits or refunds a deposit."
    REJECTED
  }
  "The one review of a flagged return."
  type ReturnReview {
    "The reviewed return's id: a return has at most one review."
    id: ID!
    "What the reviewer decided."
    decision: ReviewDecision!
    "The reviewer's note; null when none was given."
    note: String
    "The REGULATOR or COLLECTOR organization that reviewed it."
    reviewer: Organization!
    "When the review was recorded."
    reviewedAt: DateTime!
  }
  "Cleared: the return earns its credits and refunds its deposit. Rejected: it never does. A return is reviewed once."
  input ReviewReturnInput {
    "A flagged return: any, for a REGULATOR; one of its own, for a COLLECTOR."
    returnId: ID!
    "CLEARED (REGULATOR only) or REJECTED. The same decision again returns the return; another is refused."
    decision: ReviewDecision!
    "Up to 500 characters of plain text."
    note: String
  }
  "The result of reviewReturn."
  type ReviewReturnPayload {
    "The return reviewed; null when userErrors is not empty."
    returnEvent: ReturnEvent
    "Why the review was not recorded; empty on success."
    userErrors: [UserError!]!
  }

  "A deposit the platform owes a consumer because a reusable unit from their order came back."
  type DepositRefund {
    "Stable and unique: one refund per trip of a unit."
    id: ID!
    "The serial of the unit that came back."
    serial: String!
    "The platform's reference of the order the unit shipped in."
    orderRef: String!
    "The platform's reference of the consumer to refund."
    consumerRef: String!
    "The deposit charged with the order, in integer minor units of currency."
    amountMinor: Int!
    "ISO 4217 code of the deposit's currency, e.g. CNY."
    currency: String!
    "When the refund was recorded, once the return was settled."
    createdAt: DateTime!
  }
  "One deposit refund in a page, with its cursor."
  type DepositRefundEdge {
    "Pass as after to read the refunds after this one."
    cursor: String!
    "The deposit refund."
    node: DepositRefund!
  }
  "A page of deposit refunds, in the order the units came back."
  type DepositRefundConnection {
    "The page's refunds with their cursors."
    edges: [DepositRefundEdge!]!
    "The page's refunds, without cursors."
    nodes: [DepositRefund!]!
    "Where the page lies in the list."
    pageInfo: PageInfo!
    "How many refunds the calling platform owes in all."
    totalCount: Int!
  }

  extend type Query {
    "Every collection point, oldest first (any organization, or the operator's admin key)."
    collectionPoints(
      "Page size, 1 to 100; default 20."
      first: Int
      "The endCursor of the previous page; omit for the first page."
      after: String
    ): CollectionPointConnection
    "The collection points nearest to a place, nearest first, for any organization: only those taking material when given, only those open now when openNow is true. Points registered without a location are not listed. first is 1 to 100, default 10."
    nearestCollectionPoints(
      "The place, e.g. the consumer's delivery address."
      near: GeoPointInput!
      "Only points taking this loose packaging material."
      material: Material
      "Only points taking reusable units of this format back (see CollectionPoint.reusableFormats)."
      reusableFormat: PackagingFormat
      "Only points open now in their own time zone (points without opening hours are left out)."
      openNow: Boolean
      "How many points, 1 to 100; default 10."
      first: Int
    ): [CollectionPointDistance!]
    "A reusable unit by serial: any organization (or the operator's admin key) scans any unit, except that a producer sees only its own. Null when no unit has it (that the caller may see)."
    reusableUnit("The serial printed on the unit." serial: String!): ReusableUnit
    "Flagged returns for review, oldest first: a REGULATOR sees all, a COLLECTOR its own. Unreviewed only unless asked."
    flaggedReturns(
      "True (the default): only returns not reviewed yet; false: reviewed ones too."
      unreviewedOnly: Boolean = true
      "Page size, 1 to 100; default 20."
      first: Int
      "The endCursor of the previous page; omit for the first page."
      after: String
    ): ReturnEventConnection
    "Deposit refunds the calling platform owes, in the order the units came back (PLATFORM)."
    depositRefunds(
      "Page size, 1 to 100; default 20."
      first: Int
      "The endCursor of the previous page; omit for the first page."
      after: String
    ): DepositRefundConnection
  }

  extend type Mutation {
    "Registers a collection point the caller runs (COLLECTOR). The same point again returns it; another point with a name the caller already uses is VALIDATION."
    registerCollectionPoint("The point to register." input: CollectionPointInput!): CollectionPointPayload!
    "Issues serials for reusable units (PRODUCER). Issuing the same serials for the same type again returns them. VALIDATION (also a serial issued before for another type), NOT_FOUND."
    issueReusableUnits("The packaging type and its serials." input: IssueUnitsInput!): IssueUnitsPayload!
    "Records which unit was packed into which order (PLATFORM). An order that chose REUSABLE packaging paid one deposit and ships one unit: a second unit, or the same unit again after it came back, is ALREADY_SHIPPED (the same unit again while it is out is a replay). VALIDATION, NOT_FOUND, UNKNOWN_ORDER, ORDER_CLOSED (a cancelled order)."
    recordShipment("The order and the unit packed into it." input: ShipmentInput!): ShipmentPayload!
    "Records packaging returned at one of the caller's collection points (COLLECTOR). VALIDATION, NOT_FOUND, IDEMPOTENCY_KEY_REUSED, UNIT_NOT_SHIPPED, DUPLICATE_RETURN."
    recordReturn("What came back, and where." input: ReturnInput!): RecordReturnPayload!
    "Clears or rejects a flagged return: a REGULATOR any return, a COLLECTOR only rejects its own. VALIDATION (not flagged, already decided otherwise, or a collector clearing), NOT_FOUND."
    reviewReturn("The return and the decision." input: ReviewReturnInput!): ReviewReturnPayload!
  }
`;
