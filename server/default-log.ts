/** Where hookscope's warnings go when the caller gave no log of its own (library use, tests). */
export function logToStderr(message: string): void {
  console.error(`hookscope: ${message}`);
}
