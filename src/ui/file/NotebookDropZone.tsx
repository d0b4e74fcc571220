// The whole notebook as a drop target for a saved notebook file.
import { useState, type ReactNode } from 'react';

interface NotebookDropZoneProps {
  onFile: (file: File) => void;
  children: ReactNode;
}

const carriesFiles = (e: React.DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

export function NotebookDropZone({ onFile, children }: NotebookDropZoneProps) {
  const [isDragging, setIsDragging] = useState(false);
  return (
    <div
      className="notebook-drop"
      data-dragging={isDragging}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setIsDragging(true);
      }}
      onDragLeave={(e) => {
        // Leaving for a child is not leaving the notebook.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setIsDragging(false);
      }}
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        setIsDragging(false);
        const file = e.dataTransfer.files[0];
        if (file) onFile(file);
      }}
    >
      {children}
    </div>
  );
}
