import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const root = path.join(__dirname, '../..');
const SHIPPED = ['bot', 'cards', 'services'];
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

interface Use {
  readonly file: string;
  readonly specifier: string;
  /** Erased when compiled (import type, export type, typeof import(...)): needs only type declarations. */
  readonly typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every module a file names: static imports and re-exports, import(), require(), and import types. */
function usesIn(file: string): Use[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const uses: Use[] = [];
  const add = (node: ts.Node | undefined, typeOnly: boolean) => {
    if (node && ts.isStringLiteralLike(node)) uses.push({ file: path.relative(root, file), specifier: node.text, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings : undefined;
      const allTypes =
        !!clause && !clause.name && !!named && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || allTypes));
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const dynamic = callee.kind === ts.SyntaxKind.ImportKeyword;
      const required = ts.isIdentifier(callee) && callee.text === 'require';
      if (dynamic || required) add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

/** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`; undefined for relative paths and node builtins. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  if (specifier.startsWith('node:') || builtinModules.includes(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** `@scope/name` -> `@types/scope__name`, as DefinitelyTyped names them. */
function typesPackage(name: string): string {
  return `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
}

describe('package.json declares what the shipped code imports', () => {
  const uses = SHIPPED.flatMap((dir) => sourceFiles(path.join(root, dir))).flatMap(usesIn);
  const declared = new Set(Object.keys(pkg.dependencies ?? {}));
  const typesAvailable = new Set([...declared, ...Object.keys(pkg.devDependencies ?? {})]);

  it('when the shipped folders are scanned, then they import packages (the scan itself works)', () => {
    expect(uses.map((u) => packageOf(u.specifier))).toEqual(expect.arrayContaining(['botbuilder', '@azure/cosmos', 'zod']));
  });

  it('when bot/, cards/ or services/ import a package at run time, then it is in dependencies (not only installed)', () => {
    const missing = uses
      .map((use) => ({ ...use, name: packageOf(use.specifier) }))
      .filter((use): use is Use & { name: string } => use.name !== undefined)
      .filter((use) => !declared.has(use.name))
      // Types alone come from @types packages, which a build may take from devDependencies.
      .filter((use) => !(use.typeOnly && typesAvailable.has(typesPackage(use.name))))
      .map((use) => `${use.file}: ${use.specifier}`);

    expect(missing).toEqual([]);
  });

  it('when a dependency is declared, then it is pinned to the version installed (no ranges for the Bot Framework)', () => {
    for (const name of ['botbuilder', 'botframework-connector'].filter((n) => declared.has(n))) {
      const installed = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      };
      expect(`${name}@${pkg.dependencies?.[name]}`).toBe(`${name}@${installed.version}`);
    }
  });
});
