package config

import (
	"net/url"
	"strings"
)

// MinSessionSecret is the shortest SESSION_SECRET taken: 32 bytes, the
// size of the HMAC-SHA256 key it becomes.
const MinSessionSecret = 32

// publicBase reads an optional http(s) URL, its trailing slash trimmed.
func (p *parser) publicBase(name string) string {
	v := p.str(name, "")
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		p.problem("%s must be the http(s) address people's browsers reach this server at, such as https://backbone.example.org", name)
		return ""
	}
	return strings.TrimRight(v, "/")
}

func (p *parser) sessionSecret(name string) Secret {
	v := p.str(name, "")
	if v != "" && len(v) < MinSessionSecret {
		p.problem("%s must be at least %d characters (leave it unset to have one generated under DATA_DIR)", name, MinSessionSecret)
	}
	return Secret(v)
}

// BaseURL is where browsers reach the server: PUBLIC_URL, or else
// http://HTTP_ADDR.
func (c Config) BaseURL() string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	return "http://" + c.HTTPAddr
}
