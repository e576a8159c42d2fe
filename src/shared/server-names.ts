/**
 * How each server software names itself, by the NodeInfo `software.name` Fedivault keys it by
 * (lowercased). One table for every place a person reads it: the profile card, the sign-in
 * screens, main's messages and the CLI. No imports, so the CLI bundle can take it as it is.
 */
const SERVER_NAMES: Readonly<Record<string, string>> = {
  mastodon: 'Mastodon',
  hometown: 'Hometown',
  glitch: 'glitch-soc',
  'glitch-soc': 'glitch-soc',
  fedibird: 'Fedibird',
  kmyblue: 'kmyblue',
  pleroma: 'Pleroma',
  akkoma: 'Akkoma',
  gotosocial: 'GoToSocial',
  takahe: 'Takahē',
  friendica: 'Friendica',
  pixelfed: 'Pixelfed',
  hollo: 'Hollo',
  // As its author writes it.
  snac: 'snac',
  misskey: 'Misskey',
  sharkey: 'Sharkey',
  cherrypick: 'CherryPick',
  firefish: 'Firefish',
  iceshrimp: 'Iceshrimp',
  foundkey: 'FoundKey',
  calckey: 'Calckey',
  meisskey: 'Meisskey'
}

/** "GoToSocial", "Takahē", "snac"; a name not in the table as the server sent it. */
export function serverDisplayName(software: string): string {
  return SERVER_NAMES[software.toLowerCase()] ?? software
}

/** "Hollo 0.9.13", "GoToSocial v0.19.2": the display name, then the version as the server sent it. */
export function serverLabel(software: string, version?: string | null): string {
  const name = serverDisplayName(software)
  return version ? `${name} ${version}` : name
}
