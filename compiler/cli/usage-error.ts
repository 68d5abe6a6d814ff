/** Bad arguments or an I/O problem outside the input language: exit code 2. */
export class UsageError extends Error {}
