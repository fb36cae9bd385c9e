/**
 * A validation rule graphql-js 16 lacks (17 has it as KnownOperationTypesRule): an operation whose type
 * the schema does not have, a subscription here, is refused in validation with a 400. Without it,
 * validation passes it and execution fails with an error Apollo reports as internal.
 */
import { type ASTVisitor, GraphQLError, type ValidationContext } from "graphql";

export function knownOperationTypes(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (!schema.getRootType(node.operation))
        context.reportError(new GraphQLError(`this API has no ${node.operation}s: it answers queries and mutations`, { nodes: node }));
    },
  };
}
