import {
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { requestedSize, rowsOf, variableSizes, weightOf, type VariableSizes } from './field-cost.js';

// Measures one operation's depth, cost, aliases and introspection nesting, as graphql/limits.ts describes them.

export interface OperationMeasure {
  readonly depth: number;
  readonly cost: number;
  readonly aliases: number;
  readonly introspectionNesting: number;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);
const TYPE_LISTS = new Set(['fields', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues']);

/** What one measurement reads (schema, root type, fragments, variables) and what it tallies across the whole operation. */
interface Measurement {
  readonly schema: GraphQLSchema;
  readonly root: GraphQLObjectType;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  readonly variables: VariableSizes;
  readonly tally: { aliases: number; introspectionNesting: number };
}

/** Where a selection set sits: its type, how often it resolves, the size its connection gives its lists, the fragments being expanded. */
interface Scope {
  readonly parent: GraphQLNamedType;
  readonly multiplier: number;
  readonly connectionSize: number | null;
  readonly visiting: ReadonlySet<string>;
}

/** A selection set's depth and cost so far; each selection adds to it in document order. */
interface Measured {
  depth: number;
  cost: number;
}

/** The selections a fragment adds, the type they apply to, and the named fragments expanded on the way there. */
interface Spread {
  readonly selectionSet: SelectionSetNode;
  readonly type: GraphQLNamedType;
  readonly visiting: ReadonlySet<string>;
}

/**
 * Measures one operation against the schema. Fields the schema does not know are skipped (the standard rules report
 * them); fragment cycles are cut (likewise). `variables` are the request's, when known.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables?: Readonly<Record<string, unknown>>,
): OperationMeasure {
  const root = schema.getRootType(operation.operation);
  if (!root) return { depth: 0, cost: 0, aliases: 0, introspectionNesting: 0 };
  const tally = { aliases: 0, introspectionNesting: 0 };
  const measurement: Measurement = { schema, root, fragments, variables: variableSizes(operation, variables), tally };
  const measured = measureSelections(measurement, operation.selectionSet, { parent: root, multiplier: 1, connectionSize: null, visiting: new Set() });
  return { depth: measured.depth, cost: measured.cost, aliases: tally.aliases, introspectionNesting: tally.introspectionNesting };
}

/** The document's fragment definitions, by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** A selection set's depth (its deepest selection) and cost (the sum of its selections'). */
function measureSelections(measurement: Measurement, selectionSet: SelectionSetNode, scope: Scope): Measured {
  const measured: Measured = { depth: 0, cost: 0 };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) addField(measurement, selection, scope, measured);
    else addSpread(measurement, selection, scope, measured);
  }
  return measured;
}

/** Counts a field's alias, then measures it as `__typename`, an introspection root, a field the schema lacks or one it has. */
function addField(measurement: Measurement, field: FieldNode, scope: Scope, measured: Measured): void {
  if (field.alias) measurement.tally.aliases += 1;
  const name = field.name.value;
  if (name === '__typename') {
    addTypename(scope, measured);
  } else if (scope.parent === measurement.root && INTROSPECTION_ROOTS.has(name)) {
    introspectRoot(measurement, field, scope.visiting);
  } else {
    const definition = fieldOf(scope.parent, name);
    if (definition) addKnownField(measurement, field, definition, scope, measured);
    else addUnknownField(measurement, field, scope.visiting, measured);
  }
}

/** `__typename` is one level deep and resolves once per row, at no weight. */
function addTypename(scope: Scope, measured: Measured): void {
  measured.depth = Math.max(measured.depth, 1);
  measured.cost += scope.multiplier;
}

/** A field the schema does not know (the standard rules refuse it) costs nothing, but its nesting still counts. */
function addUnknownField(measurement: Measurement, field: FieldNode, visiting: ReadonlySet<string>, measured: Measured): void {
  measured.depth = Math.max(measured.depth, untypedFieldDepth(measurement.fragments, field, visiting));
}

/** A known field costs its weight once per row above it; its selections cost theirs once per row of its own list. */
function addKnownField(
  measurement: Measurement,
  field: FieldNode,
  definition: GraphQLField<unknown, unknown>,
  scope: Scope,
  measured: Measured,
): void {
  measured.cost += scope.multiplier * weightOf(scope.parent, field.name.value);
  let childDepth = 0;
  if (field.selectionSet) {
    const child = measureSelections(measurement, field.selectionSet, innerScope(measurement, field, definition, scope));
    childDepth = child.depth;
    measured.cost += child.cost;
  }
  measured.depth = Math.max(measured.depth, 1 + childDepth);
}

/** The scope of a known field's selections: a list multiplies them by its rows; a connection passes its size to its lists. */
function innerScope(measurement: Measurement, field: FieldNode, definition: GraphQLField<unknown, unknown>, scope: Scope): Scope {
  const type = getNullableType(definition.type);
  const isList = isListType(type);
  const size = requestedSize(field, definition, measurement.variables);
  return {
    parent: getNamedType(type),
    multiplier: scope.multiplier * rowsOf(isList, size, scope.connectionSize),
    connectionSize: isList ? null : size,
    visiting: scope.visiting,
  };
}

/** A fragment adds its selections' depth and cost as if they were written in its place, in the same scope. */
function addSpread(measurement: Measurement, selection: InlineFragmentNode | FragmentSpreadNode, scope: Scope, measured: Measured): void {
  const spread = spreadOf(measurement, selection, scope.parent, scope.visiting);
  if (!spread) return;
  const child = measureSelections(measurement, spread.selectionSet, { ...scope, parent: spread.type, visiting: spread.visiting });
  measured.depth = Math.max(measured.depth, child.depth);
  measured.cost += child.cost;
}

/** What a fragment adds and on which type; null for an unknown fragment or type, or a fragment already being expanded. */
function spreadOf(
  measurement: Measurement,
  selection: InlineFragmentNode | FragmentSpreadNode,
  parent: GraphQLNamedType,
  visiting: ReadonlySet<string>,
): Spread | null {
  if (selection.kind === Kind.INLINE_FRAGMENT) {
    const type = selection.typeCondition ? measurement.schema.getType(selection.typeCondition.name.value) : parent;
    return type ? { selectionSet: selection.selectionSet, type, visiting } : null;
  }
  const name = selection.name.value;
  const fragment = measurement.fragments.get(name);
  if (!fragment || visiting.has(name)) return null;
  const type = measurement.schema.getType(fragment.typeCondition.name.value);
  return type ? { selectionSet: fragment.selectionSet, type, visiting: new Set([...visiting, name]) } : null;
}

/** How deep a field the schema does not know goes: itself, plus its selections through any fragment, cycles cut. */
function untypedFieldDepth(fragments: ReadonlyMap<string, FragmentDefinitionNode>, field: FieldNode, visiting: ReadonlySet<string>): number {
  return 1 + (field.selectionSet ? untypedDepth(fragments, field.selectionSet, visiting) : 0);
}

/** The deepest of a selection set's selections, measured without types: fragments count whatever their type condition. */
function untypedDepth(fragments: ReadonlyMap<string, FragmentDefinitionNode>, selectionSet: SelectionSetNode, visiting: ReadonlySet<string>): number {
  let depth = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      depth = Math.max(depth, untypedFieldDepth(fragments, selection, visiting));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = Math.max(depth, untypedDepth(fragments, selection.selectionSet, visiting));
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && !visiting.has(fragment.name.value)) {
        depth = Math.max(depth, untypedDepth(fragments, fragment.selectionSet, new Set([...visiting, fragment.name.value])));
      }
    }
  }
  return depth;
}

/** `__schema` and `__type` add neither depth nor cost; below them only aliases and the nesting of a __Type's lists count. */
function introspectRoot(measurement: Measurement, field: FieldNode, visiting: ReadonlySet<string>): void {
  const meta = field.name.value === '__schema' ? SchemaMetaFieldDef : TypeMetaFieldDef;
  if (field.selectionSet) introspect(measurement, field.selectionSet, getNamedType(meta.type), 0, visiting);
}

/** Walks an introspection selection set at a nesting, tallying the deepest nesting reached and every alias. */
function introspect(measurement: Measurement, selectionSet: SelectionSetNode, parent: GraphQLNamedType, nesting: number, visiting: ReadonlySet<string>): void {
  measurement.tally.introspectionNesting = Math.max(measurement.tally.introspectionNesting, nesting);
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      introspectField(measurement, selection, parent, nesting, visiting);
    } else {
      const spread = spreadOf(measurement, selection, parent, visiting);
      if (spread) introspect(measurement, spread.selectionSet, spread.type, nesting, spread.visiting);
    }
  }
}

/** Counts an introspection field's alias and walks its selections, one nesting deeper below a __Type's list. */
function introspectField(measurement: Measurement, field: FieldNode, parent: GraphQLNamedType, nesting: number, visiting: ReadonlySet<string>): void {
  if (field.alias) measurement.tally.aliases += 1;
  const definition = fieldOf(parent, field.name.value);
  if (!definition || !field.selectionSet) return;
  introspect(measurement, field.selectionSet, getNamedType(definition.type), nestingBelow(parent, field.name.value, nesting), visiting);
}

/** Following a __Type to its fields, input fields, interfaces, possible types or enum values nests introspection once more. */
function nestingBelow(parent: GraphQLNamedType, field: string, nesting: number): number {
  return parent.name === '__Type' && TYPE_LISTS.has(field) ? nesting + 1 : nesting;
}

/** A field of an object or interface type; none for any other type. */
function fieldOf(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}
