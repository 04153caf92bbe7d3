// libairlock from C++: the header compiles as C++ and the shared library links. Opens a fresh
// store and the store tests/store_test.c left behind, and checks both.
#include <airlock.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

namespace {

struct Closer {
  void operator()(airlock_store *store) const { airlock_close(store); }
};
using Store = std::unique_ptr<airlock_store, Closer>;

Store open(const std::string &path, const std::string &fingerprint, const std::string &root, std::int64_t now) {
  airlock_options options{};
  options.product = "studio";
  options.fingerprint = fingerprint.c_str();
  options.store_path = path.c_str();
  options.root_key = root.c_str();
  airlock_store *raw = nullptr;
  char why[256] = {0};
  airlock_status status = airlock_open(&options, now, &raw, why, sizeof why);
  if (status != AIRLOCK_OK) throw std::runtime_error(std::string(airlock_error_code(status)) + ": " + why);
  return Store(raw);
}

}  // namespace

int main(int argc, char **argv) {
  const std::string dir = argc > 1 ? argv[1] : "build/tmp";
  std::ifstream in(dir + "/root.jwk");
  std::stringstream root;
  root << in.rdbuf();
  const std::int64_t now = 1795428000000LL + 4LL * 86400000LL;
  int failures = 0;
  try {
    std::remove((dir + "/cpp.store").c_str());
    Store fresh = open(dir + "/cpp.store", "fp-cpp-smoke", root.str(), now);
    std::string code = airlock_error_code(airlock_check(fresh.get(), now));
    if (code != "NOT_ACTIVATED") ++failures;
    std::cout << "c++: fresh store checks " << code << "\n";
    Store used = open(dir + "/device.store", "fp-c-sdk-test-1", root.str(), now);
    code = airlock_error_code(airlock_check(used.get(), now));
    if (code != "DEVICE_DEACTIVATED") ++failures;
    std::cout << "c++: the C test's store checks " << code << "\n";
    if (airlock_has_feature(used.get(), now, "export")) ++failures;
  } catch (const std::exception &error) {
    std::cerr << "c++: " << error.what() << "\n";
    return 1;
  }
  return failures == 0 ? 0 : 1;
}
