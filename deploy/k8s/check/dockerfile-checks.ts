import { DockerfileParser } from 'dockerfile-ast';

/**
 * What the container files must keep (parsed with dockerfile-ast, the parser of the Docker language
 * server; no Docker engine runs here, so the images themselves are not built by the tests): a build stage
 * that installs from the lockfile and builds with nest, a slim Node 20 runtime stage, a numeric non-root
 * user, the app's entry point, and nothing secret in ENV, ARG or LABEL.
 */
export function dockerfileProblems(text: string, app: 'hub' | 'node'): string[] {
  const dockerfile = DockerfileParser.parse(text);
  const problems: string[] = [];
  const stages = dockerfile.getFROMs();
  if (stages.length < 2) problems.push('not multi-stage (a build stage and a runtime stage)');
  // Image names given by ARG defaults before the first FROM.
  const defaults = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) defaults.set(property.getName(), property.getValue() ?? '');
  }
  const imageOf = (content: string): string =>
    content
      .split(/\s+/)[0]
      .replace(/^\$\{?([A-Za-z_]+)\}?$/, (whole, name: string) => defaults.get(name) ?? whole);
  const runtime = stages[stages.length - 1];
  const runtimeImage = runtime ? imageOf(runtime.getArgumentsContent() ?? '') : '';
  if (!/^node:20(\.[0-9]+)*-[a-z]+-slim$/.test(runtimeImage)) {
    problems.push(`runtime image ${runtimeImage} is not a pinned slim Node 20 image`);
  }
  const instructions = dockerfile.getInstructions();
  const runtimeStart = runtime ? instructions.indexOf(runtime) : instructions.length;
  const build = instructions
    .slice(0, runtimeStart)
    .map((instruction) => instruction.getArgumentsContent() ?? '');
  if (!build.some((line) => /\bnpm ci\b/.test(line))) problems.push('the build stage does not run npm ci');
  if (!build.some((line) => new RegExp(`nest build ${app}\\b`).test(line))) {
    problems.push(`the build stage does not run nest build ${app}`);
  }
  const finalStage = instructions.slice(runtimeStart);
  const users = finalStage.filter((instruction) => instruction.getKeyword() === 'USER');
  const user = users[users.length - 1]?.getArgumentsContent() ?? '';
  if (!/^[1-9][0-9]*(:[1-9][0-9]*)?$/.test(user))
    problems.push(`runtime USER "${user}" is not a numeric non-root user`);
  const entrypoint = finalStage.find((instruction) => instruction.getKeyword() === 'ENTRYPOINT');
  const expected = `["node", "dist/apps/${app}/main.js"]`;
  if (entrypoint?.getArgumentsContent() !== expected) problems.push(`ENTRYPOINT is not ${expected}`);
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    const content = instruction.getArgumentsContent() ?? '';
    if (
      ['ENV', 'ARG', 'LABEL'].includes(keyword) &&
      /(PASSWORD|PASSPHRASE|SECRET|TOKEN|_KEY)\b/i.test(content)
    ) {
      problems.push(`${keyword} ${content.split(/\s+/)[0]}: a secret baked into the image`);
    }
    if (keyword === 'ADD' && /https?:\/\//.test(content)) problems.push('ADD from a URL (unpinned download)');
  }
  return problems;
}
