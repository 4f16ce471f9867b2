/**
 * Where a value's type comes from, as far as syntax can name it: the callee of `makeHelper()`,
 * the names in an annotation (`ReturnType<typeof f>` → `f`). The model uses these names to decide
 * whether asking the type checker is worth it (one of them is first-party); null means the syntax
 * already says the type is `any`/`unknown`, or names no origin at all (literals, arrow functions).
 */
import ts from 'typescript';

const K = ts.SyntaxKind;

/** Utility and built-in generic types whose names say nothing about where the type is declared. */
const LIB_TYPE_NAMES = new Set([
  'ReturnType', 'InstanceType', 'Awaited', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'NonNullable',
  'Parameters', 'ConstructorParameters', 'Extract', 'Exclude', 'NoInfer', 'Promise', 'PromiseLike', 'Array', 'ReadonlyArray',
]);

/** The identifier an expression like `f`, `ns.f`, `a.b.c`, `f<T>` starts with; null for anything else. */
function rootName(e: ts.Expression): string | null {
  for (;;) {
    switch (e.kind) {
      case K.Identifier: return (e as ts.Identifier).text;
      case K.PropertyAccessExpression: e = (e as ts.PropertyAccessExpression).expression; break;
      case K.ParenthesizedExpression: e = (e as ts.ParenthesizedExpression).expression; break;
      case K.NonNullExpression: e = (e as ts.NonNullExpression).expression; break;
      case K.ExpressionWithTypeArguments: e = (e as ts.ExpressionWithTypeArguments).expression; break;
      case K.CallExpression: e = (e as ts.CallExpression).expression; break;
      default: return null;
    }
  }
}

function isAnyKeyword(t: ts.TypeNode): boolean {
  return t.kind === K.AnyKeyword || t.kind === K.UnknownKeyword;
}

/** Names an annotation's type flows from (`Helper`, `typeof f`); null when it is or contains `any`/`unknown` at its top. */
export function typeOrigin(t: ts.TypeNode): string[] | null {
  const out = new Set<string>();
  const walk = (n: ts.TypeNode, top: boolean): boolean => {
    if (top && isAnyKeyword(n)) return false;
    switch (n.kind) {
      case K.ParenthesizedType: return walk((n as ts.ParenthesizedTypeNode).type, top);
      case K.UnionType: case K.IntersectionType:
        return (n as ts.UnionTypeNode).types.every((x) => walk(x, top));
      case K.TypeReference: {
        const r = n as ts.TypeReferenceNode;
        let head: ts.EntityName = r.typeName;
        while (head.kind === K.QualifiedName) head = head.left;
        if (!LIB_TYPE_NAMES.has(head.text)) out.add(head.text);
        // `ReturnType<typeof f>`, `Awaited<ReturnType<typeof f>>`: the names inside say where it comes from.
        if (r.typeArguments) for (const a of r.typeArguments) if (!walk(a, false)) return false;
        return true;
      }
      case K.TypeQuery: {
        let e: ts.EntityName = (n as ts.TypeQueryNode).exprName;
        while (e.kind === K.QualifiedName) e = e.left;
        out.add(e.text);
        return true;
      }
      case K.ArrayType: return walk((n as ts.ArrayTypeNode).elementType, false);
      case K.IndexedAccessType: return walk((n as ts.IndexedAccessTypeNode).objectType, false);
      default: return true;
    }
  };
  if (!walk(t, true)) return null;
  return out.size ? [...out] : null;
}

/** Names an expression's value type flows from: the callee of a call (awaited too), a cast's type, an aliased name. */
export function exprOrigin(e: ts.Expression): string[] | null {
  switch (e.kind) {
    case K.ParenthesizedExpression: return exprOrigin((e as ts.ParenthesizedExpression).expression);
    case K.NonNullExpression: return exprOrigin((e as ts.NonNullExpression).expression);
    case K.AwaitExpression: return exprOrigin((e as ts.AwaitExpression).expression);
    case K.SatisfiesExpression: return exprOrigin((e as ts.SatisfiesExpression).expression);
    case K.AsExpression: case K.TypeAssertionExpression:
      return typeOrigin((e as ts.AsExpression).type);
    case K.CallExpression: case K.NewExpression: case K.PropertyAccessExpression: case K.Identifier: {
      const callee = e.kind === K.NewExpression ? (e as ts.NewExpression).expression : e;
      const n = rootName(callee);
      return n === null || n === 'undefined' ? null : [n];
    }
    case K.ConditionalExpression: {
      const c = e as ts.ConditionalExpression;
      return merge(exprOrigin(c.whenTrue), exprOrigin(c.whenFalse));
    }
    case K.BinaryExpression: {
      const b = e as ts.BinaryExpression;
      const op = b.operatorToken.kind;
      if (op === K.QuestionQuestionToken || op === K.BarBarToken) return merge(exprOrigin(b.left), exprOrigin(b.right));
      return null;
    }
    default: return null;
  }
}

function merge(a: string[] | null, b: string[] | null): string[] | null {
  if (!a || !b) return null;
  return [...new Set([...a, ...b])];
}
