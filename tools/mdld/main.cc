// mdld: the server. Parses mysqld-style options, opens the data directory (recovering
// committed state), listens, serves connections until SIGTERM/SIGINT, then stops accepting,
// closes client connections (each session rolls back and releases its locks), flushes
// storage and exits 0.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "server/http/http_server.h"
#include "server/http/server_backend.h"
#include "server/listener.h"
#include "server/protocol_constants.h"
#include "server/server_context.h"
#include "server/server_options_parser.h"

namespace {

// Signals handled by the waiter thread; blocked in every other thread so that they are
// delivered only through sigwait (no async-signal-safety concerns).
sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGQUIT);
  sigaddset(&set, SIGUSR1);  // internal: wakes the waiter when the server stops on its own
  return set;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string program = argc > 0 ? argv[0] : "mdld";
  std::vector<std::string> args(argv + 1, argv + argc);
  std::variant<server::CommandLine, std::string> parsed = server::ParseCommandLine(args);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    std::fprintf(stderr, "mdld: [ERROR] %s\n%s", error->c_str(), server::UsageText(program).c_str());
    return 1;
  }
  const server::CommandLine& cl = std::get<server::CommandLine>(parsed);
  if (cl.help) {
    std::fputs(server::UsageText(program).c_str(), stdout);
    return 0;
  }
  if (cl.version) {
    std::printf("mdld  Ver %s\n", std::string(server::kServerVersion).c_str());
    return 0;
  }

  signal(SIGPIPE, SIG_IGN);
  sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::string error;
  std::unique_ptr<server::ServerContext> context = server::ServerContext::Open(cl.options, &error);
  if (!context) {
    std::fprintf(stderr, "mdld: [ERROR] %s\n", error.c_str());
    return 1;
  }
  server::Listener listener(context.get());
  if (!listener.Listen(&error)) {
    std::fprintf(stderr, "mdld: [ERROR] %s\n", error.c_str());
    context->Shutdown();
    return 1;
  }

  // The HTTP diagnostics endpoint, if asked for: its own threads, bounded, never the MySQL
  // listener's.
  std::unique_ptr<server::http::HttpBackend> http_backend;
  std::unique_ptr<server::http::HttpServer> http_server;
  if (cl.http_port != 0) {
    http_backend = server::http::NewServerBackend(context.get());
    server::http::HttpServerOptions http_options;
    http_options.bind_address = cl.http_bind_address;
    http_options.port = cl.http_port;
    http_server = std::make_unique<server::http::HttpServer>(http_options, http_backend.get());
    if (http_backend == nullptr || !http_server->Listen(&error)) {
      std::fprintf(stderr, "mdld: [ERROR] %s\n",
                   http_backend == nullptr ? "no HTTP backend for this server" : error.c_str());
      context->Shutdown();
      return 1;
    }
    http_server->Start();
  }

  std::thread signal_waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (sig != SIGUSR1) std::fprintf(stderr, "mdld: received signal %d, shutting down\n", sig);
    listener.Stop();
  });

  std::printf("mdld: ready for connections. Version: '%s'  socket: '%s'  port: %d\n",
              std::string(server::kServerVersion).c_str(), cl.options.socket.c_str(),
              listener.port());
  if (http_server) {
    std::printf("mdld: HTTP endpoint (metrics, wait graph) on http://%s:%d/\n",
                cl.http_bind_address.c_str(), http_server->port());
  }
  std::fflush(stdout);

  listener.Run();
  if (http_server) http_server->Stop();
  pthread_kill(signal_waiter.native_handle(), SIGUSR1);  // harmless if it already returned
  signal_waiter.join();
  context->Shutdown();
  std::fprintf(stderr, "mdld: shutdown complete\n");
  return 0;
}
