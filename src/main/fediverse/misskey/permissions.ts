/**
 * The MiAuth permissions Fedivault asks for: the Misskey equivalent of the Mastodon scopes
 * `read write follow` it asks for everywhere else (Misskey has no umbrella scopes, PROTOCOL.md §6).
 * A script handed the account can then do what it could with a Mastodon account: read and write
 * the account, notes, reactions, favourites, notifications, drive files, lists and follows.
 * Admin permissions are deliberately absent. Unknown names are dropped silently by the server, so
 * a fork without one of them still signs in.
 */
export const MIAUTH_PERMISSIONS: readonly string[] = [
  // read
  'read:account',
  'read:blocks',
  'read:drive',
  'read:favorites',
  'read:following',
  'read:messaging',
  'read:mutes',
  'read:notifications',
  'read:reactions',
  'read:pages',
  'read:channels',
  'read:clip-favorite',
  'read:chat',
  // write
  'write:account',
  'write:blocks',
  'write:drive',
  'write:favorites',
  'write:messaging',
  'write:mutes',
  'write:notes',
  'write:notifications',
  'write:reactions',
  'write:votes',
  'write:pages',
  'write:channels',
  'write:clip-favorite',
  'write:chat',
  // follow (Mastodon's `follow` = follows, blocks and mutes; the last two are above)
  'write:following'
]
