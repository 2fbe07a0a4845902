package bot

// How bot/ is cut, and the rules architecture_test.go enforces:
//
//	bot/              the shell: transports (Socket Mode, HTTP), signatures,
//	                  routing, the manifest; New builds the features and
//	                  merges their routes; Jobs hands their jobs to cmd/.
//	bot/commitment/   /commit, /commitments, /meeting, buttons, DM replies,
//	                  reminders, check-ins, escalations, nudges.
//	bot/indicator/    /indicators, /report, forms, prompts, on-time, export.
//	bot/recognition/  /shoutout and +1, thanks, celebrations.
//	bot/digest/       the weekly digests, their chart, /digest.
//	bot/admin/        /backbone, /coalition, setup, onboarding.
//	bot/home/         the App Home tab.
//	bot/kit/          Request, Reply, the one user-facing error (Problem),
//	                  Block Kit helpers and budgets, text helpers, the one
//	                  way to queue a message (Queue), the policy table, routes.
//	bot/directory/    members, partners, and whose clock it is.
//
// The rules:
//   - shell → features → {directory, kit} → {store, outbox, blockkit, dates, measure,
//     args, settings, schedules}. No feature imports the shell; kit and
//     directory import no feature; kit does not import directory.
//   - Between features only the edges the domain needs: commitment and
//     indicator call recognition; digest and admin read indicator; home
//     reads commitment and indicator.
//   - A view (a feature's view*.go or modal.go) takes data and returns blocks:
//     no *store.Store, no context.Context.
//   - store imports neither bot nor schedules; schedules does not import bot.
