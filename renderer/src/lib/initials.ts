/** "Isaac Brock" → "IB"; falls back to the login's first letter. */
export function initials(firstName: string, lastName: string, login: string): string {
  const letters = `${firstName.trim().charAt(0)}${lastName.trim().charAt(0)}`;
  return (letters || login.charAt(0)).toUpperCase();
}
