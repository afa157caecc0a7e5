/// A compiled `pattern`: a Thompson NFA run by a Pike VM, so that matching takes time linear
/// in the length of the text (times the size of the pattern) whatever the pattern and text.
/// No backtracking, so no pattern can be made to take exponential time by a producer's input.
///
/// Matching is unanchored (a match may start anywhere, as JSON Schema's `pattern` requires)
/// and only answers whether there is a match; it works on Unicode code points.
struct RegexProgram: Sendable {
    enum Instruction: Sendable {
        /// Consume one code point in the class, then go to the next instruction.
        case consume(ScalarClass)
        /// Continue at both targets.
        case split(Int, Int)
        /// Continue at the target.
        case jump(Int)
        /// Continue at the next instruction if the assertion holds here.
        case assert(RegexAssertion)
        /// A match.
        case accept
    }

    /// Most instructions a pattern may compile to (counted repetitions multiply).
    static let maxInstructions = 20_000

    let instructions: [Instruction]

    init(_ node: RegexNode) throws(PatternError) {
        var compiler = RegexCompiler()
        try compiler.emit(node)
        compiler.append(.accept)
        instructions = compiler.instructions
    }

    /// True when the pattern matches somewhere in `text`.
    func matches(_ text: String) -> Bool {
        let count = instructions.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count * 5 + 2) { buffer in
            // Two thread lists, the generation marks (one per instruction) and a work stack
            // (each instruction is expanded at most once per step and pushes at most two).
            var current = ThreadList(storage: UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            var next = ThreadList(storage: UnsafeMutableBufferPointer(rebasing: buffer[count..<(2 * count)]))
            let marks = UnsafeMutableBufferPointer(rebasing: buffer[(2 * count)..<(3 * count)])
            let stack = UnsafeMutableBufferPointer(rebasing: buffer[(3 * count)...])
            marks.initialize(repeating: -1)
            var generation = 0
            var scalars = text.unicodeScalars.makeIterator()
            var upcoming = scalars.next()
            if addThread(0, to: &current, marks: marks, generation: generation, stack: stack, previous: nil, next: upcoming) {
                return true
            }
            while let scalar = upcoming {
                upcoming = scalars.next()
                generation += 1
                next.count = 0
                for index in 0..<current.count {
                    let pc = current.storage[index]
                    guard case .consume(let set) = instructions[pc], set.contains(scalar.value) else { continue }
                    if addThread(pc + 1, to: &next, marks: marks, generation: generation, stack: stack, previous: scalar, next: upcoming) {
                        return true
                    }
                }
                // Unanchored: a match may also start after this code point.
                if addThread(0, to: &next, marks: marks, generation: generation, stack: stack, previous: scalar, next: upcoming) {
                    return true
                }
                swap(&current, &next)
            }
            return false
        }
    }

    private struct ThreadList {
        let storage: UnsafeMutableBufferPointer<Int>
        var count = 0
    }

    /// Adds `start` and everything reachable from it without consuming input; true on accept.
    private func addThread(
        _ start: Int, to list: inout ThreadList, marks: UnsafeMutableBufferPointer<Int>, generation: Int,
        stack: UnsafeMutableBufferPointer<Int>, previous: Unicode.Scalar?, next: Unicode.Scalar?
    ) -> Bool {
        var depth = 0
        stack[0] = start
        depth = 1
        while depth > 0 {
            depth -= 1
            let pc = stack[depth]
            guard marks[pc] != generation else { continue }
            marks[pc] = generation
            switch instructions[pc] {
            case .accept: return true
            case .consume:
                list.storage[list.count] = pc
                list.count += 1
            case .jump(let target):
                stack[depth] = target
                depth += 1
            case .split(let first, let second):
                stack[depth] = second
                stack[depth + 1] = first
                depth += 2
            case .assert(let assertion):
                if Self.holds(assertion, previous: previous, next: next) {
                    stack[depth] = pc + 1
                    depth += 1
                }
            }
        }
        return false
    }

    private static func holds(_ assertion: RegexAssertion, previous: Unicode.Scalar?, next: Unicode.Scalar?) -> Bool {
        switch assertion {
        case .start: return previous == nil
        case .end: return next == nil
        case .wordBoundary: return isWord(previous) != isWord(next)
        case .notWordBoundary: return isWord(previous) == isWord(next)
        }
    }

    private static func isWord(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return ScalarClass.word.contains(scalar.value)
    }
}

/// Lowers a `RegexNode` to instructions (Thompson's construction).
struct RegexCompiler {
    private(set) var instructions: [RegexProgram.Instruction] = []

    mutating func append(_ instruction: RegexProgram.Instruction) {
        instructions.append(instruction)
    }

    mutating func emit(_ node: RegexNode) throws(PatternError) {
        guard instructions.count < RegexProgram.maxInstructions else {
            throw PatternError(message: "pattern is too large once compiled (more than \(RegexProgram.maxInstructions) steps)")
        }
        switch node {
        case .empty: break
        case .scalar(let set): append(.consume(set))
        case .assertion(let assertion): append(.assert(assertion))
        case .concatenation(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            // split L1, next; L1: branch; jump end; ... last branch; end:
            var jumps: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index < branches.count - 1 {
                    let split = instructions.count
                    append(.split(split + 1, -1))
                    try emit(branch)
                    jumps.append(instructions.count)
                    append(.jump(-1))
                    instructions[split] = .split(split + 1, instructions.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { instructions[jump] = .jump(instructions.count) }
        case .repetition(let inner, let minimum, let maximum):
            for _ in 0..<minimum { try emit(inner) }
            if let maximum {
                // Optional copies nested: (x(x(x)?)?)? — each split skips to the common end.
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(instructions.count)
                    append(.split(instructions.count + 1, -1))
                    try emit(inner)
                }
                for split in splits { instructions[split] = .split(split + 1, instructions.count) }
            } else {
                // L: split body, end; body; jump L; end:
                let loop = instructions.count
                append(.split(loop + 1, -1))
                try emit(inner)
                append(.jump(loop))
                instructions[loop] = .split(loop + 1, instructions.count)
            }
        }
    }
}
