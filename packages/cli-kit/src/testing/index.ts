/** What the command lines' tests share: one command line run in the test's own process. */
export { runCommandLine, type CommandRun } from './command-line.ts';
