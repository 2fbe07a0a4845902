package store

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// rnd is SQL for a pseudo-random integer in [0, 2^31) drawn from key (an
// SQL integer expression) and salt, under the seed in parameter $2: the same
// seed always draws the same numbers, on any server.
func rnd(key string, salt int) string {
	return fmt.Sprintf("(hashint8extended((%s)::bigint * 64 + %d, $2) & 2147483647)", key, salt)
}

// pick is SQL for an element of the text array arr chosen by rnd.
func pick(arr, key string, salt int) string {
	return fmt.Sprintf("(%s)[1 + %s %% cardinality(%s)]", arr, rnd(key, salt), arr)
}

// userID is SQL for the Slack user ID of member number idx; parameter $3
// is the plan's UserPrefix.
func userID(idx string) string { return fmt.Sprintf("($3::text || lpad((%s)::text, 6, '0'))", idx) }

func bulkPartners(ctx context.Context, tx *Tx, p BulkPlan) (int64, error) {
	return rowsOf(ctx, tx, `
		INSERT INTO partners (team_id, name, sector, created_at)
		SELECT $1::text, w.places[1 + (i - 1) % cardinality(w.places)] || ' '
		           || w.kinds[1 + ((i - 1) / cardinality(w.places)) % cardinality(w.kinds)]
		           || CASE WHEN i > cardinality(w.places) * cardinality(w.kinds) THEN ' ' || i ELSE '' END,
		       w.sectors[1 + ((i - 1) / cardinality(w.places)) % cardinality(w.kinds)], $6::timestamptz
		FROM generate_series(1, $2::int) i, (SELECT $3::text[] AS places, $4::text[] AS kinds, $5::text[] AS sectors) w`,
		p.TeamID, p.Partners, pq.Array(p.Words.Places), pq.Array(p.Words.PartnerKind),
		pq.Array(p.Words.PartnerSector), p.Now.AddDate(0, 0, -p.HistoryDays))
}

// bulkMembers gives every partner at least one member (member i belongs to
// partner i), then spreads the rest; a few have no organization yet.
func bulkMembers(ctx context.Context, tx *Tx, p BulkPlan) (int64, error) {
	return rowsOf(ctx, tx, `
		INSERT INTO members (team_id, user_id, display_name, tz, partner_id, partner_confirmed_at, role, refreshed_at, created_at)
		SELECT $1::text, `+userID("i")+`, `+pick("$5::text[]", "i", 1)+` || ' ' || `+pick("$6::text[]", "i", 2)+`,
		       `+pick("$7::text[]", "i", 3)+`,
		       CASE WHEN i <= cardinality(pp.ids) THEN pp.ids[i]
		            WHEN `+rnd("i", 4)+` % 100 < 3 THEN NULL
		            ELSE pp.ids[1 + `+rnd("i", 5)+` % cardinality(pp.ids)] END,
		       CASE WHEN i <= cardinality(pp.ids) OR `+rnd("i", 4)+` % 100 >= 3 THEN $10::timestamptz END,
		       CASE WHEN i <= $8::int THEN 'backbone' WHEN i <= $8::int + $9::int THEN 'steering' ELSE 'partner' END,
		       $10::timestamptz, $10::timestamptz - (`+rnd("i", 6)+` % ($11::int * 86400)) * interval '1 second'
		FROM generate_series(1, $4::int) i,
		     (SELECT array_agg(id ORDER BY id) AS ids FROM partners WHERE team_id = $1) pp`,
		p.TeamID, p.Seed, p.UserPrefix, p.Members, pq.Array(p.Words.FirstNames), pq.Array(p.Words.LastNames),
		pq.Array(p.Words.Zones), p.Staff, p.Steering, p.Now, p.HistoryDays)
}

func bulkGroups(ctx context.Context, tx *Tx, p BulkPlan) (int64, error) {
	return rowsOf(ctx, tx, `
		INSERT INTO working_groups (team_id, name, channel_id, lead_user_id, purpose, created_at)
		SELECT $1::text, ($5::text[])[1 + (i - 1) % cardinality($5::text[])]
		           || CASE WHEN i > cardinality($5::text[]) THEN ' ' || ((i - 1) / cardinality($5::text[]) + 1) ELSE '' END,
		       'CWG' || lpad(i::text, 5, '0'), `+userID("1 + "+rnd("i", 1)+" % $6::int")+`,
		       'Coordinates the coalition''s work on ' || lower(($5::text[])[1 + (i - 1) % cardinality($5::text[])]) || '.', $7::timestamptz
		FROM generate_series(1, $4::int) i`,
		p.TeamID, p.Seed, p.UserPrefix, p.Groups, pq.Array(p.Words.GroupTopics), p.Members,
		p.Now.AddDate(0, 0, -p.HistoryDays))
}

// bulkGroupMembers puts every member in one to three groups, and every
// lead in their own.
func bulkGroupMembers(ctx context.Context, tx *Tx, p BulkPlan) (int64, error) {
	return rowsOf(ctx, tx, `
		INSERT INTO group_members (group_id, team_id, user_id)
		SELECT g.ids[1 + `+rnd("m * 4 + k", 1)+` % cardinality(g.ids)], $1::text, `+userID("m")+`
		FROM generate_series(1, $4::int) m, generate_series(0, 2) k,
		     (SELECT array_agg(id ORDER BY id) AS ids FROM working_groups WHERE team_id = $1) g
		WHERE k = 0 OR `+rnd("m * 4 + k", 2)+` % 3 = 0
		UNION
		SELECT id, team_id, lead_user_id FROM working_groups WHERE team_id = $1
		ON CONFLICT DO NOTHING`,
		p.TeamID, p.Seed, p.UserPrefix, p.Members)
}

// bulkCommitments spreads commitments over the history: recent ones mostly
// open, older ones mostly done or dropped, a few left open long past due;
// open ones carry health flags, and a few wait for acceptance. Owners are
// skewed, as in life: a few people own many.
func bulkCommitments(ctx context.Context, tx *Tx, p BulkPlan) (int64, error) {
	return rowsOf(ctx, tx, `
		WITH g AS (
			SELECT array_agg(id ORDER BY id) AS ids, array_agg(channel_id ORDER BY id) AS chans
			FROM working_groups WHERE team_id = $1
		), base AS (
			SELECT i, `+userID("1 + floor($5::int * power("+rnd("i", 1)+" / 2147483648.0::float8, 1.5))::int")+` AS owner,
			       $6::timestamptz - (`+rnd("i", 2)+` % ($7::int * 86400)) * interval '1 second' AS created,
			       CASE WHEN `+rnd("i", 3)+` % 10 = 0 THEN NULL ELSE 7 + `+rnd("i", 4)+` % 84 END AS due_days,
			       `+rnd("i", 5)+` % 100 AS roll, `+rnd("i", 6)+` % 100 AS roll2,
			       CASE WHEN `+rnd("i", 7)+` % 100 < 85 THEN 1 + `+rnd("i", 8)+` % cardinality(g.ids) END AS gx,
			       `+rnd("i", 9)+` AS r
			FROM generate_series(1, $4::int) i, g
		), shaped AS (
			SELECT b.*, CASE
			         WHEN b.roll < (CASE WHEN b.created > $6::timestamptz - interval '30 days' THEN 70
			                             WHEN b.created > $6::timestamptz - interval '120 days' THEN 30 ELSE 2 END) THEN 'open'
			         WHEN b.roll2 < 88 THEN 'done' ELSE 'dropped' END AS status
			FROM base b
		)
		INSERT INTO commitments (team_id, owner_id, partner_id, group_id, channel_id, text, due, status, health,
		                         acceptance, created_by, created_at, updated_at, completed_at)
		SELECT $1::text, s.owner, m.partner_id, g.ids[s.gx], COALESCE(g.chans[s.gx], ''),
		       `+pick("$8::text[]", "s.i", 10)+` || ' — ' || `+pick("$9::text[]", "s.i", 11)+`,
		       (s.created + s.due_days * interval '1 day')::date, s.status,
		       CASE WHEN s.status <> 'open' THEN 'none' WHEN s.r % 100 < 10 THEN 'need_help'
		            WHEN s.r % 100 < 13 THEN 'blocked' WHEN s.r % 100 < 48 THEN 'on_track' ELSE 'none' END,
		       CASE WHEN s.status = 'open' AND s.created > $6::timestamptz - interval '14 days' AND s.roll2 < 10 THEN 'pending'
		            WHEN s.status = 'dropped' AND s.roll < 10 THEN 'declined' ELSE 'accepted' END,
		       CASE WHEN s.r % 4 = 0 THEN `+userID("1 + "+rnd("s.i", 12)+" % $5::int")+` ELSE s.owner END,
		       s.created, COALESCE(s.done_at, s.created), s.done_at
		FROM (SELECT sh.*, CASE WHEN sh.status <> 'open' THEN
		             least(sh.created + (1 + sh.r % (COALESCE(sh.due_days, 30) + 14)) * interval '1 day', $6::timestamptz) END AS done_at
		      FROM shaped sh) s
		JOIN members m ON m.team_id = $1 AND m.user_id = s.owner, g`,
		p.TeamID, p.Seed, p.UserPrefix, p.Commitments, p.Members, p.Now, p.HistoryDays,
		pq.Array(p.Words.Tasks), pq.Array(p.Words.Places))
}

// bulkCommitmentEvents writes each commitment's history: created, then
// done or dropped, or a health flag.
func bulkCommitmentEvents(ctx context.Context, tx *Tx, p BulkPlan) (int64, error) {
	return rowsOf(ctx, tx, `
		INSERT INTO commitment_events (team_id, commitment_id, actor, kind, due_after, at)
		SELECT team_id, id, created_by, 'created', due, created_at FROM commitments WHERE team_id = $1
		UNION ALL
		SELECT team_id, id, owner_id, status, NULL, completed_at FROM commitments
		WHERE team_id = $1 AND status <> 'open' AND acceptance <> 'declined'
		UNION ALL
		SELECT team_id, id, owner_id, 'declined', NULL, completed_at FROM commitments
		WHERE team_id = $1 AND acceptance = 'declined'
		UNION ALL
		SELECT team_id, id, owner_id, health, NULL, created_at + interval '3 days' FROM commitments
		WHERE team_id = $1 AND status = 'open' AND health <> 'none'
		ORDER BY 6, 2`, p.TeamID)
}

// bulkOutbox leaves the trace of three years of reminders: one DM per
// commitment, delivered the day after it was made. The outbox keeps sent
// rows, so the claim query must find the pending ones among them.
func bulkOutbox(ctx context.Context, tx *Tx, p BulkPlan) (int64, error) {
	return rowsOf(ctx, tx, `
		INSERT INTO outbox (team_id, dedupe_key, channel, payload, status, attempts, next_attempt_at, ts,
		                    created_at, sent_at)
		SELECT team_id, 'bulk-reminder:' || id, owner_id, jsonb_build_object('text', 'Reminder: ' || text), 'sent', 1,
		       created_at, extract(epoch FROM sent)::bigint || '.' || lpad((id % 1000000)::text, 6, '0'), created_at, sent
		FROM (SELECT *, least(created_at + interval '1 day', $2::timestamptz) AS sent FROM commitments WHERE team_id = $1) c
		ORDER BY sent`, p.TeamID, p.Now)
}

// bulkReports writes every partner's value of every indicator for every
// period, as a total and by segment, reported a few days after the period
// closed; the last period is only 70% in, and 1% of totals were corrected
// (revision 2).
func bulkReports(ctx context.Context, tx *Tx, p BulkPlan) (int64, error) {
	names, starts, closed := make([]string, len(p.Periods)), make([]string, len(p.Periods)), make([]string, len(p.Periods))
	for i, per := range p.Periods {
		names[i], starts[i], closed[i] = per.Name, per.Start.Format(time.DateOnly), per.ClosedOn.Format(time.DateOnly)
	}
	segments := []string{""}
	for _, v := range p.Dimension.Values {
		segments = append(segments, p.Dimension.Name+"="+v)
	}
	return rowsOf(ctx, tx, reportsInsert, p.TeamID, p.Seed, p.UserPrefix, pq.Array(names), pq.Array(starts),
		pq.Array(closed), pq.Array(segments), p.Now)
}

// reportsInsert draws each cell's value from a level per indicator and
// partner, a drift over time and some noise; percents stay within 0–100
// and counts are whole. A segment's count is about a third of the total.
var reportsInsert = `
	WITH ind AS (
		SELECT i.id, i.version, v.unit, row_number() OVER (ORDER BY i.id) AS ix
		FROM indicators i JOIN indicator_versions v ON v.indicator_id = i.id AND v.version = i.version
		WHERE i.team_id = $1
	), par AS (
		SELECT id, row_number() OVER (ORDER BY id) AS ix FROM partners WHERE team_id = $1
	), cell AS (
		SELECT ind.id AS ind_id, ind.version, ind.unit, par.id AS partner_id, par.ix AS pix, per.*,
		       (ind.ix * 100000 + par.ix) * 100 + per.px AS k,
		       cardinality($4::text[]) AS nper
		FROM ind, par, unnest($4::text[], $5::date[], $6::date[]) WITH ORDINALITY AS per (name, start, closed, px)
	), level AS (
		SELECT c.*, (10 + ` + rnd("c.k / 100", 1) + ` % 70)::float8 * (1 + (c.px - c.nper / 2.0::float8) * (` + rnd("c.k / 100", 2) + ` % 21 - 10) / 1000.0::float8)
		            + (` + rnd("c.k", 3) + ` % 100) / 25.0::float8 AS lvl
		FROM cell c
		WHERE c.px < c.nper OR ` + rnd("c.k", 4) + ` % 100 < 70
	)
	INSERT INTO reports (team_id, indicator_id, indicator_version, partner_id, period, period_start, segment,
	                     revision, value, note, reported_by, reported_at)
	SELECT $1::text, l.ind_id, l.version, l.partner_id, l.name, l.start, seg.s, rev.n,
	       CASE WHEN l.unit = 'percent' THEN least(100, greatest(0, round((l.lvl * rev.f + (seg.sx - 1) * 2.5)::numeric, 1)))
	            WHEN l.unit = 'count' AND seg.sx = 1 THEN round(l.lvl * rev.f * 3)::numeric
	            WHEN l.unit = 'count' THEN round(l.lvl + seg.sx - 2)::numeric
	            ELSE round((l.lvl * rev.f * (1 + (seg.sx - 1) / 10.0))::numeric, 2) END,
	       rev.note, ` + userID("l.pix") + `,
	       least(l.closed + (3 + ` + rnd("l.k", 5) + ` % 18) * interval '1 day' + interval '15 hours' + rev.later, $8::timestamptz)
	FROM level l, unnest($7::text[]) WITH ORDINALITY AS seg (s, sx),
	     (VALUES (1, 1.0::float8, '', interval '0'), (2, 1.05, 'corrected after a recount', interval '2 days')) AS rev (n, f, note, later)
	WHERE rev.n = 1 OR (seg.sx = 1 AND ` + rnd("l.k", 6) + ` % 100 = 0)`

// bulkShoutouts spreads shout-outs over the history, given by random
// members in the recognition channel.
func bulkShoutouts(ctx context.Context, tx *Tx, p BulkPlan) (int64, error) {
	return rowsOf(ctx, tx, `
		INSERT INTO shoutouts (team_id, giver_id, channel_id, message, created_at)
		SELECT $1::text, `+userID("1 + "+rnd("i", 1)+" % $5::int")+`, $6::text, `+pick("$7::text[]", "i", 2)+`,
		       $8::timestamptz - (`+rnd("i", 3)+` % ($9::int * 86400)) * interval '1 second'
		FROM generate_series(1, $4::int) i ORDER BY 5`,
		p.TeamID, p.Seed, p.UserPrefix, p.Shoutouts, p.Members, p.Coalition.RecognitionChannel,
		pq.Array(p.Words.Thanks), p.Now, p.HistoryDays)
}

// bulkCredits credits one to three members (with their partner) per
// shout-out, and sometimes a partner on its own.
func bulkCredits(ctx context.Context, tx *Tx, p BulkPlan) (int64, error) {
	return rowsOf(ctx, tx, `
		INSERT INTO shoutout_credits (shoutout_id, team_id, user_id, partner_id)
		WITH s AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM shoutouts WHERE team_id = $1)
		SELECT DISTINCT ON (s.id, m.user_id) s.id, $1::text, m.user_id, m.partner_id
		FROM s, generate_series(0, 2) k, members m
		WHERE m.team_id = $1 AND (k = 0 OR `+rnd("s.n * 4 + k", 1)+` % 100 < 40)
		  AND m.user_id = `+userID("1 + "+rnd("s.n * 4 + k", 2)+" % $4::int")+`
		UNION ALL
		SELECT s.id, $1::text, '', pp.ids[1 + `+rnd("s.n", 3)+` % cardinality(pp.ids)]
		FROM s, (SELECT array_agg(id ORDER BY id) AS ids FROM partners WHERE team_id = $1) pp
		WHERE `+rnd("s.n", 4)+` % 100 < 15
		ORDER BY 1`,
		p.TeamID, p.Seed, p.UserPrefix, p.Members)
}

// bulkPlusOnes has up to eight people join in on each shout-out.
func bulkPlusOnes(ctx context.Context, tx *Tx, p BulkPlan) (int64, error) {
	return rowsOf(ctx, tx, `
		INSERT INTO shoutout_plus_ones (shoutout_id, team_id, user_id, at)
		SELECT s.id, $1::text, `+userID("1 + "+rnd("s.n * 8 + k", 1)+" % $4::int")+`,
		       least(s.created_at + (1 + `+rnd("s.n * 8 + k", 2)+` % 2880) * interval '1 minute', $5::timestamptz)
		FROM (SELECT id, created_at, row_number() OVER (ORDER BY id) AS n FROM shoutouts WHERE team_id = $1) s,
		     generate_series(0, 7) k
		WHERE `+rnd("s.n * 8 + k", 3)+` % 8 < 8 - k
		ON CONFLICT DO NOTHING`,
		p.TeamID, p.Seed, p.UserPrefix, p.Members, p.Now)
}
