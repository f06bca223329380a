import { expect } from 'chai';
import { GraphQLError, buildSchema, getNamedType, getNullableType, isListType, isObjectType, type GraphQLField } from 'graphql';
import { PAGE_SIZE_MAX, pageSize } from '../../graphql/pagination.js';
import { typeDefs } from '../../graphql/schema/index.js';

// No list in the API can grow with the data unless the caller pages through it. A new list field fails here until it
// either takes `first` (and its resolver calls pageSize) or is named below with what bounds it.
const BOUNDED_BY_CONSTRUCTION: Readonly<Record<string, string>> = {
  userErrors: 'one per input field at most',
  'ReducedRule.sizeClasses': 'the standard\'s size classes (rule data)',
  'Standard.gradeBands': 'the standard\'s grade bands (rule data)',
  'ClassPrice.sizeBands': 'a platform\'s price bands for one class (rule data)',
  'PricingRules.classes': 'one per packaging class',
  'Quote.options': 'one per packaging class, plus own packaging',
  'EarningRules.levels': 'a platform\'s green levels (rule data)',
  'IssueUnitsPayload.units': 'the serials the request sent (1 to 1000)',
  'ComplianceReport.lines': 'one per material',
  'RecyclingReport.lines': 'one per material (the report input allows 1 to 8)',
  'PlacedOnMarketDeclaration.lines': 'the declaration input allows 1 to 50',
  'CollectionPoint.openingHours': 'at most 21 intervals a week (registerCollectionPoint refuses more)',
  'ComplianceLine.feeBands': 'one per fee band (green, amber, red)',
  'Query.campaigns': 'at most 50 campaigns per platform (setCampaign refuses more)',
  'PackagingOption.campaignCredits': 'one per campaign running at the quote (at most 50 per platform)',
  'CarbonFactorSet.materials': 'one per material',
  'EprRuleSet.baseFees': 'one per material',
  'EprRuleSet.bands': 'one per recyclability grade',
  'RecyclingTargetStep.targets': 'one per material',
  'EprRuleSet.recyclingTargets': 'at most 20 steps (activateEprRules refuses more)',
  'EprRuleSet.reusableParcelShareTargets': 'at most 20 steps (activateEprRules refuses more)',
  'EprRuleSet.unitsInServiceTargets': 'at most 20 steps (activateEprRules refuses more)',
};

const schema = buildSchema(typeDefs.join('\n'));

function isPaged(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((arg) => arg.name === 'first');
}

describe('list sizes', () => {
  it('pages every list of objects that grows with the data, or knows what else bounds it', () => {
    const connections = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (isPaged(field) && !isListType(getNullableType(field.type))) connections.add(getNamedType(field.type).name);
      }
    }
    const unbounded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const listed = getNullableType(field.type);
        if (!isListType(listed) || !isObjectType(getNamedType(listed))) continue;
        const name = `${type.name}.${field.name}`;
        const paged = isPaged(field) || (connections.has(type.name) && (field.name === 'edges' || field.name === 'nodes'));
        if (!paged && !(name in BOUNDED_BY_CONSTRUCTION) && !(field.name in BOUNDED_BY_CONSTRUCTION)) unbounded.push(name);
      }
    }
    expect(unbounded).to.deep.equal([]);
    expect(connections.size).to.be.greaterThan(0);
  });

  it('caps a page at PAGE_SIZE_MAX rows and refuses more as BAD_USER_INPUT', () => {
    expect(pageSize(PAGE_SIZE_MAX)).to.equal(PAGE_SIZE_MAX);
    for (const asked of [PAGE_SIZE_MAX + 1, 0, -1, 1.5]) {
      expect(() => pageSize(asked), String(asked)).to.throw(GraphQLError).with.property('extensions').that.deep.includes({ code: 'BAD_USER_INPUT', argument: 'first' });
    }
  });
});
