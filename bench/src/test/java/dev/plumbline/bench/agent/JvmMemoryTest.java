package dev.plumbline.bench.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JvmMemoryTest {

    @Test
    void readsTheOneHeapLineOfG1() {
        JvmMemory.Heap heap = JvmMemory.heap("""
                12345:
                 garbage-first heap   total 262144K, used 102400K [0x00000000e0000000, 0x0000000100000000)
                  region size 1024K, 27 young (27648K), 0 survivors (0K)
                 Metaspace       used 19647K, committed 20096K, reserved 1114112K
                """);

        assertThat(heap.committedMib()).isEqualTo(256.0);
        assertThat(heap.usedMib()).isEqualTo(100.0);
    }

    @Test
    void addsUpTheGenerationsOfTheParallelCollector() {
        JvmMemory.Heap heap = JvmMemory.heap("""
                15968:
                 PSYoungGen      total 129536K, used 2048K [0x00000000f5580000, 0x00000000ffe80000, 0x0000000100000000)
                  eden space 87040K, 2% used [0x00000000f5580000,0x00000000f55918b0,0x00000000faa80000)
                  from space 42496K, 0% used [0x00000000faa80000,0x00000000faa80000,0x00000000fd400000)
                  to   space 41984K, 0% used [0x00000000fd580000,0x00000000fd580000,0x00000000ffe80000)
                 ParOldGen       total 349696K, used 209920K [0x00000000e0000000, 0x00000000f5580000, 0x00000000f5580000)
                  object space 349696K, 59% used [0x00000000e0000000,0x00000000eccd4158,0x00000000f5580000)
                 Metaspace       used 19647K, committed 20096K, reserved 1114112K
                """);

        assertThat(heap.committedMib()).isEqualTo((129536 + 349696) / 1024.0);
        assertThat(heap.usedMib()).isEqualTo(207.0);
    }

    @Test
    void saysSoWhenThereIsNoHeapLine() {
        assertThatThrownBy(() -> JvmMemory.heap("12345:\n Metaspace       used 19647K, committed 20096K\n"))
                .hasMessageContaining("no heap use I can read");
    }
}
