// Package args reads the text of a Slack slash command, such as
//
//	member <@U123|maria> partner="Franklin County Sheriff's Office" role=steering
//
// into tokens: plain words, quoted strings, user, channel and special
// mentions, links, and name=value options. It does no I/O and knows nothing
// of Slack's types; callers pass the command's text and show any *Error's Msg
// to the user as is.
//
// Rules, in the order they matter:
//
//   - Tokens are separated by any Unicode white space: spaces, tabs, newlines.
//   - Slash commands are sent with should_escape, so a raw "<" always starts
//     Slack markup: <@U1|name> (User), <#C1|name> (Channel),
//     <!here> and <!subteam^S1|@team> (Special), <https://x.org|label> (Link).
//     A mention ends its token at ">": "<@U1><@U2>" is two tokens, and a word
//     stops before a "<" ("hi<@U1>" is a word and a user).
//   - Slack writes "&", "<" and ">" typed by the user as &amp;, &lt; and &gt;;
//     these are decoded in words, quoted strings and labels, once (so
//     "&amp;lt;" reads "&lt;").
//   - A quote opens a quoted string only at the start of a token or right
//     after "=": apostrophes inside words ("Sheriff's") are plain text.
//     Straight and curly quotes are alike: " “ ” close each other, and so do
//     ' ‘ ’. A double quote closes at the next double quote of any shape; a
//     single quote closes only at a single quote that is not followed by a
//     letter or digit, so 'Sheriff's Office' reads as one string. Mentions
//     inside quotes become readable text (@maria, #youth, @here, the link's
//     label or else its address); white space around the quoted text is
//     trimmed.
//   - name=value is one token with Key set to the lowercased name when the
//     name is a letter followed by letters, digits, "_" or "-"; the value may
//     be a word, a quoted string or a mention. A word such as "2+2=4" whose
//     text before "=" is not a name stays a plain word.
package args
