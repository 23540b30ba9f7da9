import readline from 'node:readline';

/** Asks for a secret on the terminal without echoing it. */
export function askHidden(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const write = (rl as unknown as { _writeToOutput(s: string): void })._writeToOutput.bind(rl);
  let asked = false;
  (rl as unknown as { _writeToOutput(s: string): void })._writeToOutput = (s: string) => {
    if (!asked) write(s);
    else if (s.includes('\n')) write('\n');
  };
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
    asked = true;
  });
}
