package install

import (
	"html/template"
	"net/http"
)

// pageData fills the install pages; html/template escapes every field.
type pageData struct {
	AuthorizeURL string
	Team         string
	Problem      string
	Retry        string
}

const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Backbone</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#1d1c1d}
a.button{display:inline-block;background:#2c5f2d;color:#fff;padding:.6em 1.2em;border-radius:6px;text-decoration:none;font-weight:600}</style></head><body>`

var (
	installTemplate = template.Must(template.New("install").Parse(head + `
<h1>Add Backbone to your Slack workspace</h1>
<p>Backbone keeps a coalition's promises, numbers and thanks moving between meetings: commitments from meetings,
reminders in each person's own timezone, indicator reports, shout-outs and a weekly digest.</p>
<p><a class="button" id="add-to-slack" href="{{.AuthorizeURL}}">Add to Slack</a></p>
<p><small>You become Backbone's staff for your coalition; you can add others with <code>/backbone</code> later.</small></p>
</body></html>`))
	welcomePage = template.Must(template.New("welcome").Parse(head + `
<h1>Backbone is in {{if .Team}}{{.Team}}{{else}}your workspace{{end}} 🎉</h1>
<p>I've sent you a direct message in Slack with the first steps. Start with <code>/backbone setup</code>
to name your coalition and set its timezone.</p>
</body></html>`))
	problemPage = template.Must(template.New("problem").Parse(head + `
<h1>Backbone was not added</h1>
<p id="problem">{{.Problem}}</p>
{{if .Retry}}<p><a class="button" href="{{.Retry}}">Start again</a></p>{{end}}
</body></html>`))
)

func page(w http.ResponseWriter, status int, t *template.Template, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	_ = t.Execute(w, d)
}
