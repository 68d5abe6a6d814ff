/** What import could not carry into cluster.lab, with where it was found. */
export class Unmapped {
  readonly items: string[] = [];

  add(where: string, what: string): void {
    this.items.push(`${where}: ${what}`);
  }
}
