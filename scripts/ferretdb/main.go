// Command ferretdb runs FerretDB v1.24 (pinned in go.mod) on SQLite through its embeddable package.
//
// Why a wrapper: FerretDB's own command refuses to start when built with `go install module@version`, because the
// module proxy's copy lacks the generated build/version/version.txt it checks for. The embeddable package skips
// that check and is the same server.
package main

import (
	"context"
	"flag"
	"log/slog"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	sqliteURL := flag.String("sqlite-url", "file:data/", "SQLite URI: a directory, one file per database")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	pprofAddr := flag.String("pprof-addr", "", "serve Go's profiler (net/http/pprof) at this address; empty: not served")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		slog.Error("bad --log-level", "error", err)
		os.Exit(2)
	}
	logger := slog.New(lazyAttrs{base: slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})})

	server, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: *sqliteURL,
	})
	if err != nil {
		logger.Error("cannot start FerretDB", "error", err)
		os.Exit(1)
	}

	if *pprofAddr != "" {
		go func() {
			// The profiler's handlers are on http.DefaultServeMux (the net/http/pprof import).
			if err := http.ListenAndServe(*pprofAddr, nil); err != nil {
				logger.Error("pprof server stopped", "error", err)
			}
		}()
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	logger.Info("FerretDB listening", "addr", *listen, "sqlite", *sqliteURL)
	if err := server.Run(ctx); err != nil && ctx.Err() == nil {
		logger.Error("FerretDB stopped", "error", err)
		os.Exit(1)
	}
}

// lazyAttrs defers a logger's With and WithGroup to the moment a record is written.
//
// Why: FerretDB logs every SQL statement as `l.With(slog.Any("args", args)).DebugContext(...)`, and slog's text
// handler formats the attributes given to With at once, whatever the level. The args of an insert are its documents,
// so at the default warn level the store formatted every document it stored twice, as text nobody reads. Here With
// only remembers its attributes; they are formatted when a record at an enabled level is written.
type lazyAttrs struct {
	base slog.Handler
	// Each step is either attributes (group empty) or a group name, in the order they were added.
	steps []lazyStep
}

type lazyStep struct {
	attrs []slog.Attr
	group string
}

func (h lazyAttrs) Enabled(ctx context.Context, level slog.Level) bool {
	return h.base.Enabled(ctx, level)
}

func (h lazyAttrs) Handle(ctx context.Context, r slog.Record) error {
	handler := h.base
	for _, step := range h.steps {
		if step.group != "" {
			handler = handler.WithGroup(step.group)
		} else {
			handler = handler.WithAttrs(step.attrs)
		}
	}
	return handler.Handle(ctx, r)
}

func (h lazyAttrs) with(step lazyStep) lazyAttrs {
	steps := make([]lazyStep, len(h.steps), len(h.steps)+1)
	copy(steps, h.steps)
	return lazyAttrs{base: h.base, steps: append(steps, step)}
}

func (h lazyAttrs) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	return h.with(lazyStep{attrs: attrs})
}

func (h lazyAttrs) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return h.with(lazyStep{group: name})
}
