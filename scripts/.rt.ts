import ts from 'typescript';
const files = process.argv.slice(2);
const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, skipLibCheck: true, noEmit: true });
const checker = program.getTypeChecker();
for (const f of files) {
  const sf = program.getSourceFile(f)!;
  const mod = checker.getSymbolAtLocation(sf);
  if (!mod) continue;
  for (const sym of checker.getExportsOfModule(mod)) {
    const t = checker.getTypeOfSymbolAtLocation(sym, sf);
    for (const sig of t.getCallSignatures()) {
      let r = sig.getReturnType();
      const aw = (checker as any).getAwaitedType?.(r); if (aw) r = aw;
      console.log(`## ${f.split('/').slice(-2).join('/')}:${sym.name}\n` + checker.typeToString(r, undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias | ts.TypeFormatFlags.MultilineObjectLiterals));
    }
  }
}
