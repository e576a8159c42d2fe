import type { AccountProfile } from '@shared/domain/account'
import { serverLabel } from '@shared/server-names'
import { fullHandle } from '../store/selectors'
import { Avatar } from './Avatar'
import { Badge } from './Badge'
import { EmojiText } from './EmojiText'
import { OptionalImage } from './OptionalImage'
import { ProfileHtml } from './ProfileHtml'

const count = new Intl.NumberFormat(undefined, { notation: 'compact' })

/** The verified profile: what the server says about the account we just signed in to. */
export function ProfileCard({ profile }: { profile: AccountProfile }) {
  const name = profile.displayName || profile.username
  return (
    <article className="profile-card" data-testid="profile-card" aria-label={`Profile of ${name}`}>
      <div className="profile-header">
        <OptionalImage src={profile.header} />
      </div>
      <div className="profile-identity">
        <Avatar src={profile.avatar} name={name} seed={profile.id} size={80} />
        <div>
          <p className="profile-name" data-testid="profile-name">
            <EmojiText text={name} emojis={profile.emojis} />
          </p>
          <p className="handle" data-testid="profile-handle">
            {fullHandle(profile)}
          </p>
          <p className="badges">
            <Badge tone="accent">{serverLabel(profile.software, profile.softwareVersion)}</Badge>
            {profile.bot && <Badge>Bot</Badge>}
            {profile.locked && <Badge>Approves followers</Badge>}
          </p>
        </div>
      </div>
      {profile.note && <ProfileHtml className="bio" html={profile.note} emojis={profile.emojis} />}
      <dl className="counts">
        <div>
          <dt>Posts</dt>
          <dd>{count.format(profile.statusesCount)}</dd>
        </div>
        <div>
          <dt>Following</dt>
          <dd>{count.format(profile.followingCount)}</dd>
        </div>
        <div>
          <dt>Followers</dt>
          <dd>{count.format(profile.followersCount)}</dd>
        </div>
      </dl>
      {profile.fields.length > 0 && (
        <dl className="fields" aria-label="Profile fields">
          {profile.fields.map((field, i) => (
            <div key={i} className={field.verifiedAt ? 'verified-field' : undefined}>
              <dt>
                <EmojiText text={field.name} emojis={profile.emojis} />
              </dt>
              <ProfileHtml as="dd" html={field.value} emojis={profile.emojis} />
              {field.verifiedAt && <dd className="verified-mark">Verified link</dd>}
            </div>
          ))}
        </dl>
      )}
    </article>
  )
}
