// Loads the installed default model and prints the similarity of two texts
// that share a sentence, and of two that share nothing.
#include <cstdio>

#include "parallax/match.h"
#include "parallax/model.h"

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : MODEL;
  auto model = parallax::Model::Load(path);
  if (!model.ok()) {
    std::fprintf(stderr, "%s\n", model.status().ToString().c_str());
    return 1;
  }
  auto article = [](const char* id, const char* text) {
    parallax::Article a;
    a.id = id;
    a.text = text;
    a.segments = {{0, static_cast<uint32_t>(a.text.size())}};
    return a;
  };
  const auto a = article("a", "The dockers of the port went on strike on Monday against the automation of the terminal.");
  const auto b = article("b", "On Monday the dockers of the port went on strike against the automation of the terminal.");
  const auto c = article("c", "A new museum of modern art opened its doors in the old town with three exhibitions.");
  std::printf("%.3f %.3f\n", parallax::Similarity(*model, a, b), parallax::Similarity(*model, a, c));
  return 0;
}
