/// The workbench page: static HTML, CSS and JavaScript compiled into the binary (no build step, nothing
/// fetched from elsewhere). The three files are in PageHTML.swift, PageCSS.swift and PageJS.swift.
enum Page {}
