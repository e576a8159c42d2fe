const overview = `fedivault — use your Fedivault accounts from scripts

Usage:
  fedivault accounts [--json]
      List the accounts in Fedivault; * marks the active one.
  fedivault token [handle] [--json]
      Print the access token of the active account, or of the named one.
  fedivault exec [--account handle] -- <command> [args…]
      Run a command with FEDIVERSE_INSTANCE_URL and FEDIVERSE_ACCESS_TOKEN set.
  fedivault run [--account handle] [--read-only | --read-write] [--max-time 12h]
                -- <command> [args…]
      Run a tool unchanged (toot, a Mastodon.py bot, a masto.js script) through
      Fedivault's proxy, with a key that dies with the command: never the token.
  fedivault status [--json]
      Whether Fedivault runs with script access on, the active account, and every
      account with its software, its state and when it was last verified.
  fedivault api [--account handle] <METHOD> <path> [--data json]
      Call the instance's API through Fedivault, which adds the token; the answer
      goes to stdout. The path may omit the /api prefix: "GET v1/timelines/home".
  fedivault keys list [--json]
  fedivault keys create NAME --account handle [--account handle…] | --active-account
                        [--read-only | --read-write | --token] [--expires 30d] [--json]
  fedivault keys revoke NAME
      Manage script keys: a named, limited, revocable key for each script.
  fedivault import toot [PATH] [--json]
  fedivault import mastodon.py PATH… [--json]
      Bring accounts in from toot's config.json or Mastodon.py's *.secret files.

Fedivault must be running with script access on (Settings → Scripting). The CLI
reads endpoint.json from Fedivault's data directory, or from $FEDIVAULT_DATA_DIR,
and uses the secret in it. With FEDIVAULT_KEY=fvk_… it uses that script key
instead (and with FEDIVAULT_URL too, it does not read endpoint.json at all).
FEDIVAULT_ACCOUNT=handle is the default account of token, exec, run and api.

Exit codes:
  0  success
  1  unexpected error
  2  usage error
  3  Fedivault is not running
  4  Fedivault is running, but script access is off
  5  endpoint.json is left over from a Fedivault that has ended
  6  the endpoint refused the secret (or is rate limiting after failures)
  7  no such account in Fedivault
  8  no active account (pick one in Fedivault, or name one)
  9  the account needs to sign in again in Fedivault
  10 api: the instance answered with an HTTP error or could not be reached
  11 the script key in FEDIVAULT_KEY does not allow this (accounts or mode)
  12 import: some accounts found could not be imported
  13 import: a file is missing, unreadable, or not toot's / Mastodon.py's format
  exec and run exit with the command's own status; 126/127 if it could not be run.
  status exits with 1 when an account needs to sign in again, 3/4/5 as above
  (--json: always 0).
`

const topics: Record<string, string> = {
  accounts: `Usage: fedivault accounts [--json]

Lists the accounts in Fedivault, one per line: active marker, handle, software,
status and display name. --json prints the endpoint's answer as is.
`,
  token: `Usage: fedivault token [handle] [--json]

Prints the access token of the active account, or of the account with this handle
(user@domain). --json prints access_token, token_type, scope, instance_url, handle
and expires_at (ISO 8601, or null when the token does not expire).
`,
  exec: `Usage: fedivault exec [--account handle] -- <command> [args…]

Runs the command with FEDIVERSE_INSTANCE_URL and FEDIVERSE_ACCESS_TOKEN set for the
active account, or for --account. Exits with the command's status.
`,
  run: `Usage: fedivault run [--account handle] [--read-only | --read-write] [--max-time 12h]
                     -- <command> [args…]

Runs the command with Fedivault's proxy as its instance and a run key as its token:
a key for that one account (the active one, or --account) that is revoked when the
command ends, however it ends, and at --max-time (12h by default, at most 7d).
--read-write (the default) lets it post; --read-only allows GET and HEAD only.
The command sees, pointing at the proxy and holding the run key:
  FEDIVERSE_INSTANCE_URL, FEDIVERSE_ACCESS_TOKEN, MASTODON_API_BASE_URL,
  MASTODON_ACCESS_TOKEN, and FEDIVERSE_HANDLE, FEDIVERSE_SOFTWARE, FEDIVERSE_API;
  XDG_CONFIG_HOME (APPDATA on Windows): a private folder with a toot config.json,
  removed when the command ends.
The real token is never in its environment, arguments or files. Under FEDIVAULT_KEY
the command uses that key, for its one account, and nothing is minted.

Example: fedivault run -- toot timeline
`,
  status: `Usage: fedivault status [--json]

Says whether Fedivault is running with script access on, names the active
account, and lists every account with its software, its state (signed in, needs
to sign in again, offline, being removed) and when Fedivault last verified it
with its server. Exits with 1 when any account needs to sign in again, 3 when
Fedivault is not running, 4 when script access is off, 5 when endpoint.json is
left over; --json prints the same facts and always exits 0.
`,
  api: `Usage: fedivault api [--account handle] <METHOD> <path> [--data json]

Sends the request through Fedivault's proxy, which adds the account's token: the
token never reaches this process. Only paths under /api/ are allowed. --data is
sent as an application/json body. The answer body is written to stdout; an HTTP
error from the instance exits with 10 after printing the body.

Example: fedivault api POST /api/v1/statuses --data '{"status":"hello"}'
`,
  keys: `Usage: fedivault keys list [--json]
       fedivault keys create NAME (--account handle… | --active-account)
                             [--read-only | --read-write | --token] [--expires 30d] [--json]
       fedivault keys revoke NAME

A script key lets one script use some accounts in one way, and can be revoked on
its own. Modes: --read-only (default: GET and HEAD through the proxy only),
--read-write (any method through the proxy), --token (also the raw token from
"fedivault token"). --expires takes 12h, 30d, 8w. create prints the key once, on
stdout alone; Fedivault keeps only its hash. A script then runs with
  FEDIVAULT_KEY=fvk_… fedivault api GET /api/v1/notifications
Managing keys needs the owner's secret (endpoint.json), not a key.
`,
  import: `Usage: fedivault import toot [PATH] [--json]
       fedivault import mastodon.py PATH… [--json]

Reads the accounts another tool saved and adds them to the running Fedivault, which
checks each one with its server first. Nothing is revoked, no file is changed, and
accounts already in Fedivault are left as they are.

toot: PATH is its config.json (or the folder holding it); by default toot's own:
  $XDG_CONFIG_HOME/toot/config.json or ~/.config/toot/config.json
  (%APPDATA%\\toot\\config.json on Windows).
mastodon.py: the files written by Mastodon.create_app(to_file=…) and
  log_in(to_file=…), or a folder: every *.secret file in it is read.

Exits with 12 when an account could not be imported; the report says why.
`
}

export function helpText(topic?: string): string {
  return (topic && topics[topic]) || overview
}
