// Package kit is the vocabulary every feature of the bot shares: a slash
// command's Request and Reply, the one user-facing error type, Block Kit
// helpers with Slack's limits, text helpers, the one way to queue a message,
// the authorization policy, and the routes a feature hands to the shell.
//
// kit imports store, outbox and the parsers, never a feature or the shell.
package kit
